// GitHub's REST API as our workflows use it: calls on one repository with the workflow's
// token, and the search for the one item (a comment, an issue) we keep editing in place.

export interface GitHubRepository {
  /** https://api.github.com, or GITHUB_API_URL on GitHub Enterprise */
  readonly apiUrl: string;
  readonly token: string;
  /** owner/name */
  readonly repository: string;
}

/** a call on the repository: `path` is below /repos/<owner>/<name> */
export type RepositoryCall = (method: string, path: string, payload?: unknown) => Promise<unknown>;

/** `refusedHint` follows the status of a 403 or 404, to say which permission the workflow lacks */
export function repositoryCall(target: GitHubRepository, refusedHint = ''): RepositoryCall {
  return async (method, path, payload) => {
    const route = `/repos/${target.repository}${path}`;
    const response = await fetch(`${target.apiUrl.replace(/\/$/, '')}${route}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (!response.ok) throw new Error(`${method} ${route}: GitHub answered ${response.status} ${response.statusText}${response.status === 403 || response.status === 404 ? refusedHint : ''}`);
    return response.json();
  };
}

/** the first item of a paged list that matches, reading pages of 100 until one is short */
export async function findInPages<T>(call: RepositoryCall, listPath: string, matches: (item: T) => boolean): Promise<T | undefined> {
  for (let page = 1; ; page += 1) {
    const items = (await call('GET', `${listPath}${listPath.includes('?') ? '&' : '?'}per_page=100&page=${page}`)) as T[];
    const found = items.find(matches);
    if (found || items.length < 100) return found;
  }
}
