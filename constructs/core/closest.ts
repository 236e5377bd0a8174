import { distance } from 'fastest-levenshtein';

/** the candidate nearest to a typo, when it is near enough to be what was meant */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const each = distance(typed.toLowerCase(), candidate.toLowerCase());
    if (each < bestDistance) {
      best = candidate;
      bestDistance = each;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : undefined;
}
