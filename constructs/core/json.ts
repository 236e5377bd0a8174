/** A JSON object: what Terraform JSON and plan JSON are made of. */
export type JsonObject = Record<string, unknown>;

/** whether a parsed JSON value is an object (not null, not a list) */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
