// Reading arguments the way Terraform JSON may write them: the shared readers, and what the
// rules add to them.
import { blocks, isExpression } from '../../constructs/core/terraform-json';

export { blocks, isExpression, stringsOf } from '../../constructs/core/terraform-json';

/** Terraform JSON takes "true" for true */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

// `${true}`, `${42}`, `${"text"}`: expressions whose value is plain to read
const LITERAL_EXPRESSION = /^\$\{\s*(true|false|-?\d+(?:\.\d+)?|"(?:[^"\\$]|\\.)*")\s*\}$/;
const LOCAL_EXPRESSION = /^\$\{\s*local\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/;

/**
 * A value with every expression that stands for a literal replaced by it: `${true}`,
 * numbers and quoted strings, and `${local.x}` where the local itself is (or resolves to)
 * a literal. Anything else stays as written.
 */
export function resolveLiterals(value: unknown, locals: Readonly<Record<string, unknown>>, depth = 0): unknown {
  if (depth > 16) return value;
  if (typeof value === 'string') {
    const literal = LITERAL_EXPRESSION.exec(value);
    if (literal) return JSON.parse(literal[1]!) as unknown;
    const local = LOCAL_EXPRESSION.exec(value);
    if (local && local[1]! in locals) {
      const resolved = resolveLiterals(locals[local[1]!], locals, depth + 1);
      return isExpression(resolved) || containsExpression(resolved) ? value : resolved;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((each) => resolveLiterals(each, locals, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, resolveLiterals(each, locals, depth + 1)]));
  }
  return value;
}

function containsExpression(value: unknown): boolean {
  if (isExpression(value)) return true;
  if (Array.isArray(value)) return value.some(containsExpression);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
  return false;
}

/** the first expression found at a dotted path through blocks and lists, if any */
export function expressionAt(config: Readonly<Record<string, unknown>>, path: string): string | undefined {
  let values: unknown[] = [config];
  for (const step of path.split('.')) {
    const next: unknown[] = [];
    for (const value of values) {
      if (isExpression(value)) return value as string;
      for (const body of blocks(value)) next.push(body[step]);
    }
    values = next.flatMap((each) => (Array.isArray(each) ? each : [each]));
  }
  return values.find(isExpression) as string | undefined;
}
