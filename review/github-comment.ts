// One pull-request comment per environment, updated in place: found by the hidden marker
// on its first line, edited if it exists, created if not.
import { findInPages, GitHubRepository, repositoryCall } from '../sdk/github';

export interface CommentTarget extends GitHubRepository {
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
  const call = repositoryCall(target);
  const existing = await findInPages<{ id: number; body?: string }>(call, `/issues/${target.pullRequest}/comments`, (comment) => Boolean(comment.body?.startsWith(marker)));
  if (existing) {
    const updated = (await call('PATCH', `/issues/comments/${existing.id}`, { body })) as { id: number; html_url: string };
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  const created = (await call('POST', `/issues/${target.pullRequest}/comments`, { body })) as { id: number; html_url: string };
  return { action: 'created', id: created.id, url: created.html_url };
}
