import type * as z from 'zod';
import type { Problem } from '../constructs/core/validation';

/** reports a construct validator's problems as schema issues, so YAML and TypeScript users get the same messages */
export function addIssues(ctx: z.RefinementCtx, problems: readonly Problem[]): void {
  for (const problem of problems) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
}
