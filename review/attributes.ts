// Attribute-level differences: values flattened to leaf paths (a.b[0].c), compared side by side.
import { isJsonObject } from '../constructs/core/json';

export const UNKNOWN = '(known after apply)';

/** the leaves of a value by path; empty lists and objects are leaves, nulls are left out */
export function flatten(value: unknown, unknown: unknown = undefined, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const visit = (each: unknown, mark: unknown, path: string) => {
    if (mark === true) {
      leaves.set(path, UNKNOWN);
    } else if (Array.isArray(each) && each.length > 0) {
      each.forEach((item, index) => visit(item, Array.isArray(mark) ? mark[index] : undefined, `${path}[${index}]`));
    } else if (isJsonObject(each) || ((each === undefined || each === null) && isJsonObject(mark))) {
      // the keys of the value, and those known only after apply that have no value yet
      const value = isJsonObject(each) ? each : {};
      const marks = isJsonObject(mark) ? mark : {};
      for (const key of new Set([...Object.keys(value), ...Object.keys(marks)])) visit(value[key], marks[key], path === '' ? key : `${path}.${key}`);
    } else if (each !== null && each !== undefined) {
      leaves.set(path, each);
    }
  };
  visit(value, unknown, prefix);
  return leaves;
}

export interface AttributeChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** the leaves that differ between two values, in path order */
export function changedAttributes(before: unknown, after: unknown, afterUnknown?: unknown): AttributeChange[] {
  const old = flatten(before);
  const next = flatten(after, afterUnknown);
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  return paths
    .filter((path) => JSON.stringify(old.get(path)) !== JSON.stringify(next.get(path)))
    .map((path) => ({ path, before: old.get(path), after: next.get(path) }));
}
