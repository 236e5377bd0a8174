import { isUnresolved, Problem, show } from './validation';

// IBM Cloud user tags: 1 to 128 characters of letters, digits, space, '_', '-', '.', ':'
// (the provider declares this format but does not enforce it, so we do).
const TAG_PATTERN = /^[A-Za-z0-9:_ .-]{1,128}$/;

export function validateTags(tags: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  tags.forEach((tag, index) => {
    if (isUnresolved(tag)) return;
    if (!TAG_PATTERN.test(tag)) {
      problems.push({
        path: [index],
        message: `${show(tag)} is not a valid IBM Cloud tag; use 1 to 128 letters, digits, spaces and the characters _ - . : (for example "env:prod")`,
      });
    }
  });
  return problems;
}

/** merges tag lists, keeping the first spelling of each tag (IBM Cloud tags are case-insensitive) */
export function mergeTags(...lists: readonly (readonly string[] | undefined)[]): string[] {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const tag of lists.flatMap((list) => list ?? [])) {
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(tag);
  }
  return merged;
}
