// Reading arguments the way Terraform JSON may write them.

type Json = Record<string, unknown>;

/** the bodies of a block argument: Terraform JSON writes one block as an object or as a list */
export function blocks(value: unknown): Json[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((each): each is Json => each !== null && typeof each === 'object' && !Array.isArray(each));
}

/** the strings of a list argument */
export function stringsOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : []).filter((each): each is string => typeof each === 'string');
}

/** whether a value is (or holds) a Terraform expression, known only when Terraform plans */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}
