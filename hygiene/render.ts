// The report as people read it (a terminal table, Markdown for an issue) and as programs
// read it (JSON with stable field names, CSV). Nothing here is secret: IAM lists no key
// values, and none is ever printed.
import { CLASSIFICATIONS, Classified, HygieneEntry, Level, MEANING } from './classify';

export const FORMATS = ['table', 'markdown', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

const COLUMNS = ['CLASSIFICATION', 'KIND', 'NAME', 'ID', 'MANAGED BY', 'LAST AUTHENTICATION', 'AGE', 'EXPIRES', 'STATE'] as const;

function cells(entry: HygieneEntry, days: number): string[] {
  return [
    entry.classification,
    entry.kind,
    entry.owner && entry.kind === 'api-key' ? `${entry.name} (${entry.owner})` : entry.name,
    entry.id || '-',
    entry.managedBy.length > 0 ? entry.managedBy.join(', ') : '-',
    lastAuthentication(entry, days),
    entry.ageDays === undefined ? '-' : `${entry.ageDays} d`,
    entry.kind !== 'api-key' || entry.classification === 'drift' ? '-' : (entry.expiresAt?.slice(0, 10) ?? 'never'),
    [entry.locked ? 'locked' : '', entry.disabled ? 'disabled' : ''].filter(Boolean).join(', ') || '-',
  ];
}

function lastAuthentication(entry: HygieneEntry, days: number): string {
  if (entry.classification === 'drift') return '-';
  if (entry.lastAuthn) return entry.lastAuthn.slice(0, 10);
  return entry.inReport ? 'never' : `within ${days} d`;
}

const COLOURS: Readonly<Record<Level, string>> = { action: '\u001b[31m', warning: '\u001b[33m', ok: '' };
const RESET = '\u001b[0m';

function summary(classified: Classified): string {
  const counts = CLASSIFICATIONS.map((name) => [name, classified.entries.filter((entry) => entry.classification === name).length] as const).filter(([, count]) => count > 0);
  return counts.map(([name, count]) => `${count} ${name}`).join(', ') || 'no identities';
}

export function render(classified: Classified, format: Format, options: { colour?: boolean; generatedAt: Date }): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJson(classified, options.generatedAt), null, 2)}\n`;
    case 'csv':
      return `${[COLUMNS.map((column) => column.toLowerCase().replace(/ /g, '_')).join(','), ...classified.entries.map((entry) => cells(entry, classified.days).map(csvCell).join(','))].join('\n')}\n`;
    case 'markdown':
      return markdown(classified, options.generatedAt);
    default:
      return table(classified, options.colour ?? false);
  }
}

function table(classified: Classified, colour: boolean): string {
  const rows = classified.entries.map((entry) => cells(entry, classified.days));
  const widths = COLUMNS.map((column, index) => Math.max(column.length, ...rows.map((row) => row[index]!.length)));
  const line = (row: readonly string[]) => row.map((cell, index) => cell.padEnd(widths[index]!)).join('  ').trimEnd();
  const body = classified.entries.map((entry, index) => {
    const text = line(rows[index]!);
    return colour && COLOURS[entry.level] ? `${COLOURS[entry.level]}${text}${RESET}` : text;
  });
  return `${[`account ${classified.accountId}, inactive = no authentication in ${classified.days} days (report ${classified.reference}): ${summary(classified)}`, '', line(COLUMNS), ...body].join('\n')}\n`;
}

function markdown(classified: Classified, generatedAt: Date): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    `## Identity hygiene: account \`${classified.accountId}\``,
    '',
    `Inactive means no authentication in ${classified.days} days (IAM report \`${classified.reference}\`, ${generatedAt.toISOString().slice(0, 10)}). ${summary(classified)}.`,
    '',
    ...CLASSIFICATIONS.filter((name) => classified.entries.some((entry) => entry.classification === name)).map((name) => `- **${name}**: ${MEANING[name].text}`),
    '',
    `| ${COLUMNS.map((column) => column.toLowerCase()).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...classified.entries.map((entry) => `| ${cells(entry, classified.days).map((cell, index) => (index === 3 && cell !== '-' ? `\`${cell}\`` : escape(cell))).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** the JSON form: snake_case names that stay stable for the programs that read them */
export function toJson(classified: Classified, generatedAt: Date): Record<string, unknown> {
  return {
    account_id: classified.accountId,
    generated_at: generatedAt.toISOString(),
    window_days: classified.days,
    window_start: classified.windowStart,
    report_reference: classified.reference,
    summary: Object.fromEntries(CLASSIFICATIONS.map((name) => [name, classified.entries.filter((entry) => entry.classification === name).length])),
    entries: classified.entries.map((entry) => ({
      classification: entry.classification,
      level: entry.level,
      kind: entry.kind,
      id: entry.id || null,
      name: entry.name,
      owner: entry.owner ?? null,
      iam_id: entry.iamId ?? null,
      managed_by: entry.managedBy,
      last_authn: entry.lastAuthn ?? null,
      in_report: entry.inReport,
      created_at: entry.createdAt ?? null,
      age_days: entry.ageDays ?? null,
      expires_at: entry.expiresAt ?? null,
      locked: entry.locked ?? null,
      disabled: entry.disabled ?? null,
    })),
  };
}
