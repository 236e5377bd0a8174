/** A JSON object: what Terraform JSON and plan JSON are made of. */
export type JsonObject = Record<string, unknown>;

/** whether a parsed JSON value is an object (not null, not a list) */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses JSON text, or says why it is not JSON without quoting it: the input may hold
 * secrets (a plan, a state), and JSON.parse's own message repeats part of it.
 */
export function parseJsonText(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message);
    if (text.trim() === '') return { ok: false, reason: 'is empty, not JSON' };
    if (!position) return { ok: false, reason: 'is not valid JSON' };
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { ok: false, reason: `is not valid JSON (line ${line}, column ${column})` };
  }
}
