// How `npm run guardrails` prints its findings, and the JSON report it writes on request.
import type { GuardrailReport } from './engine';

export interface GuardrailTotals {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  readonly unusedSuppressions: number;
  readonly notJudged: number;
}

export function totalsOf(reports: readonly GuardrailReport[]): GuardrailTotals {
  const sum = (count: (report: GuardrailReport) => number) => reports.reduce((total, report) => total + count(report), 0);
  return {
    errors: sum((report) => report.findings.filter((finding) => finding.level === 'error').length),
    warnings: sum((report) => report.findings.filter((finding) => finding.level === 'warning').length),
    suppressed: sum((report) => report.suppressed.length),
    unusedSuppressions: sum((report) => report.unusedSuppressions.length),
    notJudged: sum((report) => report.notJudged.length),
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

// more findings than fit on a screen get a count per rule first
const SUMMARY_AFTER_FINDINGS = 10;

/** the findings of each configuration, one block per finding, and a closing total */
export function formatReports(reports: readonly GuardrailReport[]): string {
  const lines: string[] = [];
  const findings = reports.flatMap((report) => report.findings);
  if (findings.length > SUMMARY_AFTER_FINDINGS) lines.push(...ruleSummary(findings), '');
  for (const report of reports) {
    const totals = totalsOf([report]);
    lines.push(`${report.configuration}${report.production ? ' (production)' : ''}: ${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}, ${totals.suppressed} suppressed`);
    for (const finding of report.findings) {
      const where = finding.constructPath ? ` (${finding.constructPath})` : '';
      lines.push(`  ${finding.level.toUpperCase()} ${finding.rule} ${finding.address}${where}`, `    ${finding.finding}`, `    fix: ${finding.fix}`);
    }
    for (const finding of report.suppressed) lines.push(`  suppressed ${finding.rule} ${finding.address}: ${finding.reason}`);
    for (const unused of report.unusedSuppressions) {
      const scope = unused.address ?? unused.path ?? 'the whole configuration';
      lines.push(`  WARNING unused suppression of ${unused.rule} on ${scope}: it suppresses nothing; remove it`);
    }
    for (const each of report.notJudged) lines.push(`  not judged ${each.rule} ${each.address}: ${each.reason}`);
    for (const each of report.skipped) lines.push(`  skipped ${each}`);
  }
  const totals = totalsOf(reports);
  lines.push(
    `${plural(reports.length, 'configuration')} checked: ${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}, ${totals.suppressed} suppressed, ${plural(totals.unusedSuppressions, 'unused suppression')}, ${totals.notJudged} not judged`,
  );
  return `${lines.join('\n')}\n`;
}

/** one line per rule with findings, most first: what to fix, before the details */
function ruleSummary(findings: readonly GuardrailReport['findings'][number][]): string[] {
  const byRule = new Map<string, { errors: number; warnings: number; title: string }>();
  for (const finding of findings) {
    const entry = byRule.get(finding.rule) ?? { errors: 0, warnings: 0, title: finding.finding.split(': ')[0]! };
    if (finding.level === 'error') entry.errors += 1;
    else entry.warnings += 1;
    byRule.set(finding.rule, entry);
  }
  const rows = [...byRule].sort(([a, x], [b, y]) => y.errors + y.warnings - (x.errors + x.warnings) || a.localeCompare(b));
  return [
    `${plural(findings.length, 'finding')} by rule:`,
    ...rows.map(([rule, entry]) => `  ${rule}  ${[entry.errors > 0 ? plural(entry.errors, 'error') : '', entry.warnings > 0 ? plural(entry.warnings, 'warning') : ''].filter(Boolean).join(', ')}: ${entry.title}`),
  ];
}

/** the machine-readable report */
export function reportJson(reports: readonly GuardrailReport[]): string {
  return `${JSON.stringify({ totals: totalsOf(reports), configurations: reports }, null, 2)}\n`;
}
