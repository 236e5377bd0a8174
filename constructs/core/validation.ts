import { Token } from './cdktf';

/** One thing wrong with the input, at a path relative to the props (or the environment entry) it came from. */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Thrown at construction time for explicit bad input. It carries every problem found,
 * each with the prop path, so the environment loader can point at the YAML line.
 */
export class ValidationError extends Error {
  public readonly problems: readonly Problem[];

  constructor(subject: string, problems: readonly Problem[]) {
    super(problems.map((p) => `${subject}: ${describePath(p.path)}${p.message}`).join('\n'));
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

export function throwIfProblems(subject: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ValidationError(subject, problems);
}

function describePath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '' : `${path.join('.')}: `;
}

/** true when the value is a Terraform reference that is only known at apply time, so it cannot be checked now */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** quotes a value the way error messages show it */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** prefixes the paths of problems found in a nested value */
export function within(prefix: readonly (string | number)[], problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ path: [...prefix, ...p.path], message: p.message }));
}
