// Terraform's values as the plugin protocol carries them: cty types written as JSON, and
// values encoded as msgpack, where an unknown value is extension type 0 (a refined unknown,
// type 0x0c, reads as unknown too). Objects carry every attribute of their type.
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';

/** a cty type as a schema writes it: "string", ["list", "string"], ["object", {…}] */
export type CtyType = string | [string, CtyType] | ['object', Record<string, CtyType>] | ['tuple', CtyType[]];

/** a value known only after apply */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type CtyValue = null | string | number | boolean | typeof UNKNOWN | CtyValue[] | { [key: string]: CtyValue };

const UNKNOWN_EXTENSION = 0;
const REFINED_UNKNOWN_EXTENSION = 0x0c;

const codec = new ExtensionCodec();
codec.register({
  type: UNKNOWN_EXTENSION,
  // one zero byte: the shortest body, as cty writes a wholly unknown value
  encode: (value: unknown) => (value === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
codec.register({ type: REFINED_UNKNOWN_EXTENSION, encode: () => null, decode: () => UNKNOWN });

export function decodeValue(bytes: Uint8Array | undefined): CtyValue {
  if (bytes === undefined || bytes.length === 0) return null;
  return decode(bytes, { extensionCodec: codec }) as CtyValue;
}

export function encodeValue(value: CtyValue): Uint8Array {
  return encode(value, { extensionCodec: codec, ignoreUndefined: false });
}

/** a deep copy that keeps unknowns */
export function copyValue(value: CtyValue): CtyValue {
  if (Array.isArray(value)) return value.map(copyValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, copyValue(each)]));
  return value;
}

/** whether two values are equal (unknowns equal only to unknowns) */
export function sameValue(a: CtyValue, b: CtyValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((each, index) => sameValue(each, b[index]!));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key] ?? null, b[key] ?? null));
  }
  return false;
}
