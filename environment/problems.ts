// Problems found in environment files, located at a line of the file they came from.
import { closestMatch } from '../constructs/core/closest';
import { Problem, renderProblem, ValidationError } from '../constructs/core/validation';
import type { $ZodIssue } from 'zod/v4/core';
import { isMap, isPair, isScalar, isSeq, LineCounter, Node, Document } from 'yaml';

/** A problem found in an environment file: the one problem type, located in its file. */
export interface EnvironmentProblem extends Problem {
  /** the file, as the user named it (relative to the working directory) */
  readonly file: string;
  /** the field path, for example cloudant.orders.plan, as the message shows it */
  readonly field?: string;
}

/** Every problem found in the environment files; nothing is synthesized while there are any. */
export class EnvironmentError extends ValidationError {
  public declare readonly problems: readonly EnvironmentProblem[];

  constructor(problems: readonly EnvironmentProblem[]) {
    super(undefined, problems);
    this.message = problems.map(formatProblem).join('\n');
    this.name = 'EnvironmentError';
  }
}

export function formatProblem(problem: EnvironmentProblem): string {
  // the field, when known, is the path as the file names it
  return renderProblem(undefined, { ...problem, path: problem.field ? [problem.field] : [] });
}

export type FieldPath = readonly (string | number)[];

export function fieldName(path: FieldPath): string {
  return path.map(String).join('.');
}

/** A YAML file parsed by the yaml library, with its positions. */
export interface PositionedYaml {
  readonly doc: Document;
  readonly lines: LineCounter;
}

/**
 * Where fields of one YAML file are, for pointing problems at lines. The file is parsed for
 * its positions when the first problem needs them: a file read the quick way (plain-yaml.ts)
 * has none, and most files have no problem.
 */
export class SourceMap {
  private parsed?: PositionedYaml;

  constructor(
    private readonly file: string,
    private readonly parse: () => PositionedYaml,
  ) {}

  /**
   * The problem at a field path. `atKey` points at the key rather than the value (for
   * unknown keys); a path that does not exist points at its nearest existing parent.
   */
  public problem(path: FieldPath, message: string, atKey = false): EnvironmentProblem {
    this.parsed ??= this.parse();
    const offset = offsetOf(this.parsed.doc, path, atKey);
    const position = offset === undefined ? undefined : this.parsed.lines.linePos(offset);
    return { path: [...path], file: this.file, line: position?.line, column: position?.col, field: fieldName(path) || undefined, message };
  }
}

// the offset of a field path's node in a parsed document
function offsetOf(doc: Document, path: FieldPath, atKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      if (last && atKey) return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}

/** A value as an error message shows it: the bad value, short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping (key: value pairs)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

function valueAt(root: unknown, path: FieldPath): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/**
 * Turns one schema issue into problems in the user's terms. `allowedKeys` names the keys
 * that may stand at a path, for messages about unknown keys.
 */
export function issueToProblems(
  issue: $ZodIssue,
  root: unknown,
  source: SourceMap,
  allowedKeys: (path: FieldPath) => readonly string[],
): EnvironmentProblem[] {
  const path = issue.path as FieldPath;
  const value = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const allowed = allowedKeys(path);
        const suggestion = closestMatch(key, allowed);
        const hint = suggestion ? `did you mean "${suggestion}"? ` : '';
        return source.problem([...path, key], `unknown key "${key}"; ${hint}allowed keys here: ${allowed.join(', ')}`, true);
      });
    case 'invalid_type': {
      if (value === undefined) return [source.problem(path, `required, but missing; add ${TYPE_NAMES[issue.expected] ?? issue.expected}`)];
      return [source.problem(path, `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(value)}`)];
    }
    case 'invalid_value':
      return [source.problem(path, `${describeValue(value)} is not allowed; use one of ${issue.values.map(String).join(', ')}`)];
    case 'invalid_union': {
      const branches = issue.errors;
      if ((issue as { discriminator?: string }).discriminator === undefined && branches.length > 0) {
        // a plain union (a value or a list of values): report the branch whose type matched
        // a branch that failed only inside the value matched its shape; else one whose type matched
        const matched =
          branches.find((errors) => errors.every((error) => error.path.length > 0)) ??
          branches.find((errors) => !errors.some((error) => error.code === 'invalid_type' && error.path.length === 0));
        if (matched) return matched.flatMap((error) => issueToProblems({ ...error, path: [...path, ...error.path] } as $ZodIssue, root, source, allowedKeys));
        const expected = branches.flatMap((errors) => errors.filter((error) => error.code === 'invalid_type').map((error) => TYPE_NAMES[(error as { expected: string }).expected] ?? (error as { expected: string }).expected));
        return [source.problem(path, `expected ${[...new Set(expected)].join(' or ')}, got ${describeValue(value)}`)];
      }
      // a discriminated union (backend by type, identity by kind) whose discriminator is missing or unknown
      const discriminator = (issue as { discriminator?: string }).discriminator ?? 'type';
      const typePath = path[path.length - 1] === discriminator ? path : [...path, discriminator];
      const typeValue = valueAt(root, typePath);
      if (typeValue === undefined) return [{ ...source.problem(path, `required, but missing; ${issue.message}`), field: fieldName(typePath) }];
      return [source.problem(typePath, `${describeValue(typeValue)} is not a known ${discriminator}; ${issue.message}`)];
    }
    case 'invalid_key': {
      const key = path[path.length - 1];
      const reason = issue.issues[0]?.message ?? issue.message;
      return [source.problem(path, `key ${describeValue(key)} is not allowed: ${reason}`, true)];
    }
    case 'too_small':
      // a schema that says why a minimum exists (`.min(1, { error })`) speaks for itself; zod's own text starts "Too small"
      if (!issue.message.startsWith('Too small')) return [source.problem(path, issue.message)];
      if (typeof value === 'string' && value.length === 0) return [source.problem(path, 'must not be empty')];
      return [source.problem(path, `${describeValue(value)} is too small (minimum ${String(issue.minimum)})`)];
    case 'too_big':
      return [source.problem(path, `${describeValue(value)} is too large (maximum ${String(issue.maximum)})`)];
    case 'invalid_format':
      return [source.problem(path, `${describeValue(value)}: ${issue.message}`)];
    default:
      return [source.problem(path, issue.message)];
  }
}

