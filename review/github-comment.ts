// One pull-request comment per environment, updated in place: found by the hidden marker
// on its first line, edited if it exists, created if not.

export interface CommentTarget {
  /** https://api.github.com, or GITHUB_API_URL on GitHub Enterprise */
  readonly apiUrl: string;
  readonly token: string;
  /** owner/name */
  readonly repository: string;
  readonly pullRequest: number;
}

export interface CommentResult {
  readonly action: 'created' | 'updated';
  readonly id: number;
  readonly url: string;
}

/** creates the comment that starts with `marker`, or edits the one that does */
export async function upsertComment(target: CommentTarget, marker: string, body: string): Promise<CommentResult> {
  if (!body.startsWith(marker)) throw new Error('the comment body must start with its marker, or it cannot be found again');
  const base = `${target.apiUrl.replace(/\/$/, '')}/repos/${target.repository}`;
  const call = async (method: string, url: string, payload?: unknown): Promise<unknown> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${target.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (!response.ok) throw new Error(`${method} ${url.replace(target.apiUrl, '')}: GitHub answered ${response.status} ${response.statusText}`);
    return response.json();
  };
  for (let page = 1; ; page += 1) {
    const comments = (await call('GET', `${base}/issues/${target.pullRequest}/comments?per_page=100&page=${page}`)) as { id: number; body?: string }[];
    const existing = comments.find((comment) => comment.body?.startsWith(marker));
    if (existing) {
      const updated = (await call('PATCH', `${base}/issues/comments/${existing.id}`, { body })) as { id: number; html_url: string };
      return { action: 'updated', id: updated.id, url: updated.html_url };
    }
    if (comments.length < 100) break;
  }
  const created = (await call('POST', `${base}/issues/${target.pullRequest}/comments`, { body })) as { id: number; html_url: string };
  return { action: 'created', id: created.id, url: created.html_url };
}
