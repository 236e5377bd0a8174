// The review as one GitHub comment: counts, a banner for deletions and replacements, the
// security section first, then changes grouped by action. It always fits GitHub's limit:
// sections are shortened, least important first, and the comment says so.
import { changedAttributes, flatten, UNKNOWN } from './attributes';
import { MASK } from './masking';
import type { ChangeAction, ReviewedChange, ReviewModel } from './model';
import { SecurityFlag, securityFlags } from './security';

/** GitHub refuses issue and pull-request comments longer than this */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** the hidden first line that finds the comment of an environment again */
export function reviewMarker(environment: string): string {
  return `<!-- ibm-data-guard review: ${environment} -->`;
}

const HEADINGS: Record<Exclude<ChangeAction, 'no-op'>, string> = {
  replace: 'Replace',
  delete: 'Delete',
  update: 'Update',
  create: 'Create',
  forget: 'Forget (removed from state, left in IBM Cloud)',
  read: 'Read during apply',
};
const ORDER: Exclude<ChangeAction, 'no-op'>[] = ['replace', 'delete', 'update', 'create', 'forget', 'read'];
const MAX_VALUE_LENGTH = 160;

interface Section {
  readonly name: string;
  readonly full: string;
  /** the section with addresses only */
  readonly short: string;
}

export interface RenderOptions {
  /** @default GITHUB_COMMENT_LIMIT */
  readonly limit?: number;
}

export function renderReview(model: ReviewModel, options: RenderOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const changes = model.changes.filter((change) => change.action !== 'no-op');
  // drift that weakens protection is as much a reviewer's business as a planned change
  const driftFlags = model.drift.flatMap(securityFlags).map((flag) => ({ ...flag, message: `changed outside Terraform: ${flag.message}` }));
  const flags = [...changes.flatMap(securityFlags), ...driftFlags].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'high' ? -1 : 1));
  const head = [reviewMarker(model.environment), `### ${model.source === 'plan' ? 'Plan' : 'Configuration change'} review: \`${model.environment}\``, '', headline(changes, model)];
  if (model.notes.length > 0) head.push('', ...model.notes.map((note) => `<sub>${note}</sub>`));
  const pending = pendingSteps(model);
  if (pending) head.push('', '> [!IMPORTANT]', `> ${pending}`);
  const destructive = changes.filter((change) => change.action === 'delete' || change.action === 'replace');
  if (destructive.length > 0) head.push('', '> [!CAUTION]', `> **${destructive.length} resource${destructive.length === 1 ? ' is' : 's are'} deleted or replaced:** ${bannerList(destructive)}`);

  const sections: Section[] = [securitySection(flags, model.source === 'configuration' && changes.length > 0)];
  for (const action of ORDER) {
    const group = changes.filter((change) => change.action === action);
    if (group.length > 0) sections.push(actionSection(action, group));
  }
  if (model.outputs.some((output) => output.action !== 'no-op')) sections.push(outputsSection(model));
  if (model.drift.length > 0) sections.push(driftSection(model.drift));
  return fit(head.join('\n'), sections, limit);
}

// a stack whose engine cannot run our scripts lists them in post_apply_steps (constructs/core/script-steps.ts)
function pendingSteps(model: ReviewModel): string | undefined {
  const output = model.outputs.find((each) => each.name === 'post_apply_steps' && each.action !== 'delete');
  if (!output) return undefined;
  // a plan gives the value, a synth diff the output block
  const value = Array.isArray(output.after) ? output.after : (output.after as { value?: unknown } | undefined)?.value;
  const steps = Array.isArray(value) ? (value as { name?: unknown; description?: unknown }[]) : undefined;
  const what = steps ? `${steps.length} step${steps.length === 1 ? '' : 's'} (${steps.map((step) => String(step.description ?? step.name)).join('; ')})` : 'steps';
  return `**Pending after the apply:** this environment's engine cannot run ${what}. Run \`ibm-data-guard apply-steps ${model.environment}\` once the apply has finished (and with \`--destroy\` before a destroy).`;
}

// the banner names every address while that stays short, else the first ones and counts by type
const BANNER_ADDRESSES = 20;
const BANNER_MAX_LENGTH = 4_000;
function bannerList(destructive: readonly ReviewedChange[]): string {
  const full = destructive.map((change) => `\`${change.address}\` (${change.action})`).join(', ');
  if (full.length <= BANNER_MAX_LENGTH) return full;
  const byType = new Map<string, number>();
  for (const change of destructive) byType.set(`${change.type} (${change.action})`, (byType.get(`${change.type} (${change.action})`) ?? 0) + 1);
  const first = destructive.slice(0, BANNER_ADDRESSES).map((change) => `\`${change.address}\` (${change.action})`).join(', ');
  const counts = [...byType].map(([type, count]) => `${count} × ${type}`).join(', ');
  return `${first}, and ${destructive.length - BANNER_ADDRESSES} more; by type: ${counts}`.slice(0, BANNER_MAX_LENGTH);
}

function headline(changes: readonly ReviewedChange[], model: ReviewModel): string {
  if (changes.length === 0) return model.source === 'plan' ? '**No changes.** The infrastructure matches the configuration.' : '**No changes** to the synthesized configuration.';
  const words: Record<Exclude<ChangeAction, 'no-op'>, string> = { create: 'to create', update: 'to update', replace: 'to replace', delete: 'to delete', forget: 'to forget', read: 'to read' };
  const counts = (['create', 'update', 'replace', 'delete', 'forget', 'read'] as const)
    .map((action) => [action, changes.filter((change) => change.action === action).length] as const)
    .filter(([, count]) => count > 0)
    .map(([action, count]) => `${count} ${words[action]}`);
  const imports = changes.filter((change) => change.importing).length;
  return `**${[...counts, ...(imports > 0 ? [`${imports} to import`] : [])].join(' · ')}**`;
}

function securitySection(flags: readonly SecurityFlag[], fromConfiguration: boolean): Section {
  const lines = flags.map((flag) => `- ${flag.severity === 'high' ? '🔴' : '🟠'} \`${flag.address}\` ${flag.message}`);
  const body = flags.length === 0 ? 'No change weakens protection.' : lines.join('\n');
  const full = `#### 🔐 Security\n\n${body}${fromConfiguration ? '\n\n<sub>From the configuration: the plan decides what is replaced.</sub>' : ''}`;
  return { name: 'Security', full, short: full };
}

function actionSection(action: Exclude<ChangeAction, 'no-op'>, group: readonly ReviewedChange[]): Section {
  const title = `#### ${HEADINGS[action]} (${group.length})`;
  const addressList = group.map((change) => `- \`${change.address}\``).join('\n');
  let body: string;
  switch (action) {
    case 'replace':
      body = group
        .map((change) => {
          const order = change.actions[0] === 'create' ? 'create before destroy' : 'destroy before create';
          const why = [change.reason ? `because ${change.reason}` : undefined, change.replacePaths ? `forced by ${change.replacePaths.map((path) => `\`${path}\``).join(', ')}` : undefined].filter(Boolean).join('; ');
          return `- \`${change.address}\` (${order})${why ? `: ${why}` : ''}\n${indent(details('changed attributes', attributeTable(change)))}`;
        })
        .join('\n');
      break;
    case 'delete':
      body = group.map((change) => `- \`${change.address}\`${change.reason ? `: ${change.reason}` : ''}`).join('\n');
      break;
    case 'update':
      body = group.map((change) => `**\`${change.address}\`**${moved(change)}\n\n${attributeTable(change)}`).join('\n\n');
      break;
    case 'create':
      body = details(`${group.length} to create`, group.map((change) => `- \`${change.address}\`${change.importing ? ' (import)' : ''}${summary(change.after, change.afterUnknown)}`).join('\n'));
      break;
    case 'forget':
      body = group.map((change) => `- \`${change.address}\`: Terraform stops managing it; it stays in IBM Cloud`).join('\n');
      break;
    case 'read':
      body = details(`${group.length} to read`, group.map((change) => `- \`${change.address}\`${change.reason ? `: ${change.reason}` : ''}`).join('\n'));
      break;
  }
  return { name: HEADINGS[action], full: `${title}\n\n${body}`, short: `${title}\n\n${addressList}` };
}

function outputsSection(model: ReviewModel): Section {
  const changed = model.outputs.filter((output) => output.action !== 'no-op');
  const rows = changed.map((output) => `| \`${output.name}\` | ${output.action} | ${cell(output.before)} | ${cell(output.after, output.afterUnknown === true)} |`);
  const full = `#### Outputs (${changed.length})\n\n| Output | Change | Before | After |\n| --- | --- | --- | --- |\n${rows.join('\n')}`;
  return { name: 'Outputs', full, short: `#### Outputs (${changed.length})\n\n${changed.map((output) => `- \`${output.name}\` (${output.action})`).join('\n')}` };
}

function driftSection(drift: readonly ReviewedChange[]): Section {
  const title = `#### Drift: changed outside Terraform (${drift.length})`;
  const body = drift.map((change) => `**\`${change.address}\`** (${change.action === 'delete' ? 'deleted' : 'changed'} outside Terraform)\n\n${change.action === 'delete' ? '' : attributeTable(change)}`).join('\n\n');
  return { name: 'Drift', full: `${title}\n\n${body}`, short: `${title}\n\n${drift.map((change) => `- \`${change.address}\``).join('\n')}` };
}

function moved(change: ReviewedChange): string {
  return change.previousAddress && change.previousAddress !== change.address ? ` (moved from \`${change.previousAddress}\`)` : '';
}

function attributeTable(change: ReviewedChange): string {
  const name = (path: string) => (path === '' ? '_(the whole value)_' : `\`${path}\``);
  const rows = changedAttributes(change.before, change.after, change.afterUnknown).map((each) => `| ${name(each.path)} | ${cell(each.before)} | ${cell(each.after)} |`);
  for (const path of change.sensitiveChanges ?? []) rows.push(`| ${name(path)} | _(sensitive)_ | _(sensitive): a sensitive value changes_ |`);
  return rows.length === 0 ? '_no attribute changes_' : `| Attribute | Before | After |\n| --- | --- | --- |\n${rows.join('\n')}`;
}

// the first few known attributes of a new resource, on one line
function summary(after: unknown, afterUnknown: unknown): string {
  const leaves = [...flatten(after, afterUnknown).entries()].filter(([, value]) => value !== UNKNOWN).slice(0, 6);
  return leaves.length === 0 ? '' : `: ${leaves.map(([path, value]) => `${path} = ${inline(value)}`).join(', ')}`;
}

function cell(value: unknown, unknown = false): string {
  if (unknown) return `_${UNKNOWN}_`;
  if (value === undefined || value === null) return '—';
  return inline(value);
}

function inline(value: unknown): string {
  if (value === MASK) return '_(sensitive)_';
  if (value === UNKNOWN) return `_${UNKNOWN}_`;
  let text = JSON.stringify(value) ?? String(value);
  if (text.length > MAX_VALUE_LENGTH) text = `${text.slice(0, MAX_VALUE_LENGTH)}…`;
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\n/g, ' ')}\``;
}

function details(summaryText: string, body: string): string {
  return `<details><summary>${summaryText}</summary>\n\n${body}\n\n</details>`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}

// Sections shortened to addresses, then left out, least important first, until it fits.
function fit(head: string, sections: readonly Section[], limit: number): string {
  const compose = (parts: readonly string[], note?: string) => [head, ...parts, ...(note ? [note] : [])].join('\n\n') + '\n';
  let parts = sections.map((section) => section.full);
  let text = compose(parts);
  if (text.length <= limit) return text;
  const shortened: string[] = [];
  const note = (names: readonly string[]) =>
    `> [!WARNING]\n> Shortened to fit GitHub's ${limit.toLocaleString('en-US')}-character comment limit (${names.join(', ')}). The whole plan: \`terraform show plan.out\` in the stack folder.`;
  // Security is never shortened; everything else goes from the end of the comment up
  for (let index = sections.length - 1; index >= 1 && text.length > limit; index -= 1) {
    parts = parts.map((part, each) => (each === index ? sections[index]!.short : part));
    shortened.push(`${sections[index]!.name} to addresses`);
    text = compose(parts, note(shortened));
  }
  for (let index = sections.length - 1; index >= 1 && text.length > limit; index -= 1) {
    parts = parts.map((part, each) => (each === index ? `#### ${sections[index]!.name}\n\n_left out: too long for one comment_` : part));
    shortened.push(`${sections[index]!.name} left out`);
    text = compose(parts, note(shortened));
  }
  if (text.length > limit) {
    // only the security section is left, and it alone is too long: cut it at a line
    const warning = note([...shortened, 'security list cut']);
    const room = limit - head.length - warning.length - 8;
    const security = parts[0]!.slice(0, Math.max(0, room));
    text = compose([security.slice(0, security.lastIndexOf('\n')), ...parts.slice(1).map(() => '')].filter((part) => part !== ''), warning);
  }
  if (text.length > limit) {
    // the head alone is too long (a huge headline or note list): cut everything at a line
    const warning = note([...shortened, 'cut at the limit']);
    const cut = text.slice(0, Math.max(0, limit - warning.length - 4));
    text = `${cut.slice(0, Math.max(0, cut.lastIndexOf('\n')))}\n\n${warning}\n`;
  }
  return text;
}
