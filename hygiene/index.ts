// `ibm-data-guard identities report`, as a library function the command line and tests call:
// IAM's view of an account, what the stacks own, one classification each, the report in the
// format asked for, and the clean-up when one is asked for.
import { SYSTEM_WAITING, Waiting } from '../sdk/waiting';
import { readAccount } from './account';
import { classify, Classified, Level } from './classify';
import { cleanUp, CleanupAction, CleanupOutcome } from './cleanup';
import { HygieneError } from './errors';
import { identityServiceFrom, IdentityService } from './identity-service';
import { readOwnership } from './managed';
import { Format, render } from './render';

export { HygieneError } from './errors';
export { CLASSIFICATIONS, MEANING, type Classification, type Classified, type HygieneEntry } from './classify';
export { FORMATS, type Format, toJson } from './render';
export { ACTIONS, readRecord, undo, type CleanupAction } from './cleanup';
export { identityServiceFrom } from './identity-service';
export { REPORT_LABEL, REPORT_MARKER, upsertReportIssue } from './github-issue';

export const FAIL_ON = ['action', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface IdentityReportOptions {
  readonly env: NodeJS.ProcessEnv;
  /** the account; default the one the environment files name */
  readonly accountId?: string;
  /** the inactivity window */
  readonly days: number;
  readonly environmentsDir: string;
  /** `terraform output -json` of environments, by name */
  readonly outputs: ReadonlyMap<string, unknown>;
  readonly format: Format;
  readonly colour: boolean;
  readonly failOn: FailOn;
  readonly maxWaitMs: number;
  readonly pollMs: number;
  readonly waiting?: Waiting;
  readonly progress: (line: string) => void;
  readonly cleanup?: { readonly action: CleanupAction; readonly yes: boolean; readonly includeManaged?: string; readonly recordFile: string };
  /** an SDK client made elsewhere; default from the environment */
  readonly service?: IdentityService;
}

export interface IdentityReportResult {
  readonly classified: Classified;
  /** the report, in the format asked for */
  readonly text: string;
  /** the report in Markdown, whatever the format, for an issue */
  readonly markdown: string;
  /** what the clean-up did, or would do, for people */
  readonly cleanupText?: string;
  readonly cleanup?: CleanupOutcome;
  readonly exitCode: 0 | 1;
}

const FAILING_LEVELS: Readonly<Record<FailOn, readonly Level[]>> = { action: ['action'], warning: ['action', 'warning'], never: [] };

export async function identityReport(options: IdentityReportOptions): Promise<IdentityReportResult> {
  const ownership = readOwnership(options.environmentsDir, options.outputs);
  const accounts = [...new Set(ownership.map((each) => each.accountId))];
  const accountId = options.accountId ?? (accounts.length === 1 ? accounts[0] : undefined);
  if (accountId === undefined) {
    throw new HygieneError(accounts.length === 0 ? `no environment file in ${options.environmentsDir} names an account: give --account` : `the environment files name ${accounts.length} accounts (${accounts.join(', ')}): give --account`, 2);
  }
  const waiting = options.waiting ?? SYSTEM_WAITING;
  const service = options.service ?? identityServiceFrom(options.env);
  const inventory = await readAccount(service, { accountId, days: options.days, maxWaitMs: options.maxWaitMs, pollMs: options.pollMs, waiting, progress: options.progress });
  // IAM's own "now" (the report's end) measures ages and expiry, as the report's window does
  const reportEnd = Date.parse(inventory.report.report_end_time);
  const now = new Date(Number.isFinite(reportEnd) ? reportEnd : waiting.now());
  const classified = classify(inventory, ownership, now, options.days);
  const text = render(classified, options.format, { colour: options.colour, generatedAt: now });
  const markdown = render(classified, 'markdown', { generatedAt: now });
  const failing = classified.entries.some((entry) => FAILING_LEVELS[options.failOn].includes(entry.level));
  if (!options.cleanup) return { classified, text, markdown, exitCode: failing ? 1 : 0 };

  const outcome = await cleanUp(service, classified, { ...options.cleanup, now });
  return { classified, text, markdown, cleanup: outcome, cleanupText: describeCleanup(outcome, options.cleanup), exitCode: failing || outcome.failed.length > 0 ? 1 : 0 };
}

function describeCleanup(outcome: CleanupOutcome, cleanup: NonNullable<IdentityReportOptions['cleanup']>): string {
  const name = (entry: { kind: string; name: string; id: string }) => `${entry.kind} ${entry.name} (${entry.id})`;
  const verb = { disable: 'disabled', lock: 'locked', delete: 'deleted' }[cleanup.action];
  const lines: string[] = [];
  for (const { entry, reason } of outcome.skipped) lines.push(`left alone: ${name(entry)}: ${reason}`);
  if (outcome.dryRun) {
    for (const entry of outcome.planned) lines.push(`would be ${verb}: ${name(entry)}`);
    return [...lines, `dry run: nothing changed. Run again with --yes to ${cleanup.action} ${outcome.planned.length === 1 ? 'it' : `these ${outcome.planned.length}`} (a record is written first).`].join('\n');
  }
  for (const entry of outcome.done) lines.push(`${verb}: ${name(entry)}`);
  for (const { entry, reason } of outcome.failed) lines.push(`FAILED: ${name(entry)}: ${reason}`);
  if (outcome.done.length > 0 || outcome.failed.length > 0) {
    lines.push(`record of what was acted on: ${cleanup.recordFile}`);
    lines.push(
      cleanup.action === 'delete'
        ? 'a delete cannot be undone: the record holds what is needed to recreate each one (name, description, owner)'
        : `to undo: ibm-data-guard identities enable --record ${cleanup.recordFile} --yes`,
    );
  } else {
    lines.push('nothing to act on');
  }
  if (outcome.failed.length > 0) lines.push(`${outcome.failed.length} of ${outcome.done.length + outcome.failed.length} failed; the rest were ${verb}`);
  return lines.join('\n');
}
