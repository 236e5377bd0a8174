// One GitHub issue that holds the latest identity report, edited in place each week: found
// by the hidden marker its body starts with, among the open issues of its label.

export interface IssueTarget {
  /** https://api.github.com, or GITHUB_API_URL on GitHub Enterprise */
  readonly apiUrl: string;
  readonly token: string;
  /** owner/name */
  readonly repository: string;
}

export const REPORT_MARKER = '<!-- ibm-data-guard identity hygiene -->';
export const REPORT_LABEL = 'identity-hygiene';

/** creates the issue, or edits the open one whose body starts with the marker */
export async function upsertReportIssue(target: IssueTarget, title: string, markdown: string): Promise<{ action: 'created' | 'updated'; number: number; url: string }> {
  const body = `${REPORT_MARKER}\n${markdown}`;
  const base = `${target.apiUrl.replace(/\/$/, '')}/repos/${target.repository}`;
  const call = async (method: string, url: string, payload?: unknown): Promise<unknown> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${target.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (!response.ok) throw new Error(`${method} ${url.replace(target.apiUrl, '')}: GitHub answered ${response.status} ${response.statusText}${response.status === 403 || response.status === 404 ? ' (the workflow needs permissions: issues: write)' : ''}`);
    return response.json();
  };
  for (let page = 1; ; page += 1) {
    const issues = (await call('GET', `${base}/issues?state=open&labels=${REPORT_LABEL}&per_page=100&page=${page}`)) as { number: number; body?: string | null; pull_request?: unknown }[];
    const existing = issues.find((issue) => !issue.pull_request && issue.body?.startsWith(REPORT_MARKER));
    if (existing) {
      const updated = (await call('PATCH', `${base}/issues/${existing.number}`, { title, body })) as { number: number; html_url: string };
      return { action: 'updated', number: updated.number, url: updated.html_url };
    }
    if (issues.length < 100) break;
  }
  const created = (await call('POST', `${base}/issues`, { title, body, labels: [REPORT_LABEL] })) as { number: number; html_url: string };
  return { action: 'created', number: created.number, url: created.html_url };
}
