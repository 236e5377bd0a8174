import { Token } from './cdktf';

/**
 * One thing wrong with the input: the one problem type of the toolkit. A construct's
 * problem has a path relative to its props; a file's problem also says where it is.
 */
export interface Problem {
  /** the prop (or field) path, relative to the props or the file entry it came from */
  readonly path: readonly (string | number)[];
  /** what is wrong, with the bad value and, where the message says it, the fix */
  readonly message: string;
  /** the bad value, when it helps a program that reads the problem @default - not recorded */
  readonly value?: unknown;
  /** how to fix it, when the message leaves it out @default - the message says */
  readonly fix?: string;
  /** the file the problem is in @default - none: a construct's props */
  readonly file?: string;
  /** 1-based line and column in that file @default - the whole file */
  readonly line?: number;
  readonly column?: number;
}

/**
 * Thrown for explicit bad input: a construct's props at construction time, an environment
 * file, or a file a command reads. It carries every problem found, rendered once for
 * TypeScript users (`subject: prop.path: message`) and once for files
 * (`file:line:column: field: message`).
 */
export class ValidationError extends Error {
  public readonly problems: readonly Problem[];

  constructor(subject: string | undefined, problems: readonly Problem[]) {
    super(problems.map((p) => renderProblem(subject, p)).join('\n'));
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** one problem as a line: located in its file when it has one, else under its subject */
export function renderProblem(subject: string | undefined, problem: Problem): string {
  const fix = problem.fix ? `; ${problem.fix}` : '';
  if (problem.file !== undefined) {
    const place = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
    return `${place}: ${describePath(problem.path)}${problem.message}${fix}`;
  }
  return `${subject === undefined ? '' : `${subject}: `}${describePath(problem.path)}${problem.message}${fix}`;
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
