// Masking: every value the plan marks sensitive, every attribute the IBM provider declares
// secret whatever the marks say, and any other string that repeats one of those values (a
// terraform_data output, for example, echoes its input without the sensitive mark).
import { isJsonObject, JsonObject } from '../constructs/core/json';
import { secretAttributesOf } from '../constructs/core/provider-facts';

export const MASK = '(sensitive)';

// shorter strings are too common to mask wherever they appear
const MIN_REPEATED_SECRET_LENGTH = 6;

/** a value with every position its mark flags replaced by the mask */
export function maskMarked(value: unknown, mark: unknown): unknown {
  if (mark === true) return value === null || value === undefined ? value : MASK;
  if (Array.isArray(value) && Array.isArray(mark)) return value.map((each, index) => maskMarked(each, mark[index]));
  if (isJsonObject(value) && isJsonObject(mark)) return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, maskMarked(each, mark[key])]));
  return value;
}

/** the secret attributes of a resource type as a sensitivity mark */
export function secretMark(type: string): JsonObject {
  return Object.fromEntries(secretAttributesOf(type).map((name) => [name, true]));
}

/** both marks at once: sensitive where either says so */
export function combineMarks(a: unknown, b: unknown): unknown {
  if (a === true || b === true) return true;
  if (isJsonObject(a) && isJsonObject(b)) {
    return Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((key) => [key, combineMarks(a[key], b[key])]));
  }
  return isJsonObject(a) || Array.isArray(a) ? a : b;
}

/** Collects the secret strings found at marked positions, to mask them wherever else they appear. */
export class SecretCollector {
  private readonly secrets = new Set<string>();

  public collect(value: unknown, mark: unknown): void {
    if (mark === true) {
      this.addLeaves(value);
    } else if (Array.isArray(value) && Array.isArray(mark)) {
      value.forEach((each, index) => this.collect(each, mark[index]));
    } else if (isJsonObject(value) && isJsonObject(mark)) {
      for (const [key, each] of Object.entries(value)) this.collect(each, mark[key]);
    }
  }

  /** the value with every string that holds a collected secret masked */
  public scrub(value: unknown): unknown {
    if (typeof value === 'string') return [...this.secrets].some((secret) => value.includes(secret)) ? MASK : value;
    if (Array.isArray(value)) return value.map((each) => this.scrub(each));
    if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, this.scrub(each)]));
    return value;
  }

  private addLeaves(value: unknown): void {
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      if (text.length >= MIN_REPEATED_SECRET_LENGTH) this.secrets.add(text);
      // a JSON string (credentials_json) holds secrets that may appear on their own elsewhere
      if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
        try {
          this.addLeaves(JSON.parse(value));
        } catch {
          // not JSON after all: the whole string is already collected
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach((each) => this.addLeaves(each));
    } else if (isJsonObject(value)) {
      Object.values(value).forEach((each) => this.addLeaves(each));
    }
  }
}
