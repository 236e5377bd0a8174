// One GitHub issue that holds the latest identity report, edited in place each week: found
// by the hidden marker its body starts with, among the open issues of its label.
import { findInPages, GitHubRepository, repositoryCall } from '../sdk/github';

export type IssueTarget = GitHubRepository;

export const REPORT_MARKER = '<!-- ibm-data-guard identity hygiene -->';
export const REPORT_LABEL = 'identity-hygiene';

/** creates the issue, or edits the open one whose body starts with the marker */
export async function upsertReportIssue(target: IssueTarget, title: string, markdown: string): Promise<{ action: 'created' | 'updated'; number: number; url: string }> {
  const body = `${REPORT_MARKER}\n${markdown}`;
  const call = repositoryCall(target, ' (the workflow needs permissions: issues: write)');
  const existing = await findInPages<{ number: number; body?: string | null; pull_request?: unknown }>(call, `/issues?state=open&labels=${REPORT_LABEL}`, (issue) => !issue.pull_request && Boolean(issue.body?.startsWith(REPORT_MARKER)));
  if (existing) {
    const updated = (await call('PATCH', `/issues/${existing.number}`, { title, body })) as { number: number; html_url: string };
    return { action: 'updated', number: updated.number, url: updated.html_url };
  }
  const created = (await call('POST', '/issues', { title, body, labels: [REPORT_LABEL] })) as { number: number; html_url: string };
  return { action: 'created', number: created.number, url: created.html_url };
}
