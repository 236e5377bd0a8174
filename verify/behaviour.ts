// What the stand-in provider does with values: it checks nothing of its own (Terraform and
// our synth checks do), plans creates with computed attributes unknown, updates in place,
// replacements where an argument forces them, and applies and reads by making up values
// shaped like IBM Cloud's (IDs, CRNs, GUIDs, RFC 3339 times) so a stack's own expressions and
// preconditions see what they would see.
import { createHash } from 'node:crypto';
import { copyValue, CtyType, CtyValue, sameValue, UNKNOWN } from './cty';
import type { JsonBlock, JsonSchema } from './provider-schemas';

/** what made-up values depend on */
export interface Placeholders {
  /** the account every CRN and account_id names */
  readonly accountId: string;
  /** the region CRNs name */
  readonly region: string;
  /** the time times are made up from */
  readonly now: Date;
}

type ObjectValue = { [key: string]: CtyValue };

const isObject = (value: CtyValue): value is ObjectValue => value !== null && value !== UNKNOWN && typeof value === 'object' && !Array.isArray(value);

/** the planned state of a resource, and which arguments force its replacement */
export function planChange(
  schema: JsonSchema,
  forceNew: readonly string[],
  prior: CtyValue,
  proposed: CtyValue,
): { planned: CtyValue; requiresReplace: string[] } {
  if (proposed === null) return { planned: null, requiresReplace: [] };
  const planned = copyValue(proposed);
  if (prior === null) {
    markComputedUnknown(schema.block, planned);
    return { planned, requiresReplace: [] };
  }
  const requiresReplace = isObject(prior) && isObject(planned) ? forceNew.filter((name) => !sameValue(prior[name] ?? null, planned[name] ?? null)) : [];
  return { planned, requiresReplace };
}

// a new resource's computed attributes that the configuration leaves null are known after apply
function markComputedUnknown(block: JsonBlock, value: CtyValue): void {
  if (!isObject(value)) return;
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.computed && value[name] === null) value[name] = UNKNOWN;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner = value[name] ?? null;
    const items = Array.isArray(inner) ? inner : isObject(inner) && (nested.nesting_mode === 'single' || nested.nesting_mode === 'group') ? [inner] : isObject(inner) ? Object.values(inner) : [];
    for (const item of items) markComputedUnknown(nested.block, item);
  }
}

/** the new state after apply: every unknown made up, every known planned value kept */
export function applyChange(type: string, schema: JsonSchema, planned: CtyValue, placeholders: Placeholders): CtyValue {
  if (planned === null) return null;
  const seed = stableSeed(type, planned);
  return fill(type, schema.block, planned, placeholders, seed, true);
}

/** a data source's result: its arguments as given, every other attribute made up, all known */
export function readData(type: string, schema: JsonSchema, config: CtyValue, placeholders: Placeholders): CtyValue {
  return fill(type, schema.block, config, placeholders, stableSeed(type, config), false);
}

function fill(type: string, block: JsonBlock, value: CtyValue, placeholders: Placeholders, seed: string, onlyUnknown: boolean): CtyValue {
  const result: ObjectValue = isObject(value) ? { ...value } : {};
  const identity = identityOf(type, seed, placeholders);
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    const current = result[name] ?? null;
    const missing = current === UNKNOWN || (!onlyUnknown && current === null && attribute.computed);
    result[name] = missing ? madeUp(type, name, attribute.type, identity, placeholders, result) : resolveNested(current, attribute.type, type, name, identity, placeholders);
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const current = result[name] ?? null;
    if (Array.isArray(current)) result[name] = current.map((item, index) => fill(type, nested.block, item, placeholders, `${seed}/${name}/${index}`, onlyUnknown));
    else if (isObject(current) && (nested.nesting_mode === 'single' || nested.nesting_mode === 'group')) result[name] = fill(type, nested.block, current, placeholders, `${seed}/${name}`, onlyUnknown);
    else if (isObject(current)) result[name] = Object.fromEntries(Object.entries(current).map(([key, item]) => [key, fill(type, nested.block, item, placeholders, `${seed}/${name}/${key}`, onlyUnknown)]));
  }
  return result;
}

// unknowns inside a known collection or object (a list with one unknown element) are made up too
function resolveNested(value: CtyValue, type: CtyType, resource: string, name: string, identity: Identity, placeholders: Placeholders): CtyValue {
  if (value === UNKNOWN) return madeUp(resource, name, type, identity, placeholders, {});
  if (Array.isArray(value)) return value.map((each) => resolveNested(each, elementType(type), resource, name, identity, placeholders));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, resolveNested(each, memberType(type, key), resource, key, identity, placeholders)]));
  }
  return value;
}

function elementType(type: CtyType): CtyType {
  return Array.isArray(type) && type[0] !== 'object' && type[0] !== 'tuple' ? (type[1] as CtyType) : 'string';
}

function memberType(type: CtyType, key: string): CtyType {
  if (Array.isArray(type) && type[0] === 'object') return (type[1] as Record<string, CtyType>)[key] ?? 'string';
  if (Array.isArray(type) && type[0] === 'map') return type[1] as CtyType;
  return 'string';
}

interface Identity {
  readonly guid: string;
  readonly hex: string;
}

function identityOf(type: string, seed: string, placeholders: Placeholders): Identity {
  const digest = createHash('sha256').update(`${placeholders.accountId}/${type}/${seed}`).digest('hex');
  const guid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return { guid, hex: digest.slice(32, 64) };
}

// the same resource gets the same made-up identifiers each time it is applied
function stableSeed(type: string, value: CtyValue): string {
  const named = isObject(value) ? (value.name ?? value.db ?? value.iam_service_id ?? null) : null;
  return `${type}:${typeof named === 'string' ? named : JSON.stringify(value, (_key, each) => (each === UNKNOWN ? '?' : each))}`;
}

// IBM Cloud's identifier forms, per resource type, for the attributes that hold them
const ID_FORMS: Readonly<Record<string, (identity: Identity) => string>> = {
  ibm_iam_service_id: (identity) => `ServiceId-${identity.guid}`,
  ibm_iam_trusted_profile: (identity) => `Profile-${identity.guid}`,
  ibm_iam_access_group: (identity) => `AccessGroupId-${identity.guid}`,
  ibm_iam_service_api_key: (identity) => `ApiKey-${identity.guid}`,
  ibm_iam_api_key: (identity) => `ApiKey-${identity.guid}`,
  ibm_cbr_zone: (identity) => identity.hex,
  ibm_cbr_rule: (identity) => identity.hex,
  ibm_resource_group: (identity) => identity.hex,
};

const SERVICE_OF: Readonly<Record<string, string>> = { ibm_cloudant: 'cloudantnosqldb', ibm_db2: 'dashdb-for-transactions', ibm_resource_instance: 'service' };

function crnOf(type: string, identity: Identity, placeholders: Placeholders): string {
  const service = SERVICE_OF[type];
  if (service) return `crn:v1:bluemix:public:${service}:${placeholders.region}:a/${placeholders.accountId}:${identity.guid}::`;
  return `crn:v1:bluemix:public:iam-identity::a/${placeholders.accountId}::${type.replace(/^ibm_/, '')}:${identity.guid}`;
}

// computed lists IBM's API fills with one entry, which stacks read with element(…, 0)
const ONE_ENTRY_LISTS: Readonly<Record<string, readonly string[]>> = {
  ibm_db2_connection_info: ['public', 'private'],
};

function madeUp(type: string, name: string, valueType: CtyType, identity: Identity, placeholders: Placeholders, siblings: ObjectValue): CtyValue {
  if (Array.isArray(valueType)) {
    if (valueType[0] === 'object') {
      const members = valueType[1] as Record<string, CtyType>;
      return Object.fromEntries(Object.entries(members).map(([key, member]) => [key, madeUp(type, key, member, identity, placeholders, {})]));
    }
    if (valueType[0] === 'list' && ONE_ENTRY_LISTS[type]?.includes(name)) return [madeUp(type, name, valueType[1] as CtyType, identity, placeholders, {})];
    return valueType[0] === 'map' ? {} : [];
  }
  if (valueType === 'number') return timeNumber(name, type, placeholders, siblings) ?? 0;
  if (valueType === 'bool') return false;
  return madeUpString(type, name, identity, placeholders, siblings);
}

function madeUpString(type: string, name: string, identity: Identity, placeholders: Placeholders, siblings: ObjectValue): string {
  const now = placeholders.now;
  if (type.startsWith('time_')) return timeString(name, now, siblings);
  if (name === 'id') return ID_FORMS[type]?.(identity) ?? (SERVICE_OF[type] ? crnOf(type, identity, placeholders) : `${type}-${identity.hex.slice(0, 12)}`);
  if (name === 'iam_id') return `iam-${ID_FORMS[type]?.(identity) ?? identity.guid}`;
  if (name === 'crn' || name.endsWith('_crn')) return crnOf(type, identity, placeholders);
  if (name === 'guid' || name.endsWith('_guid')) return identity.guid;
  if (name === 'account_id') return placeholders.accountId;
  if (name.endsWith('_at') || name === 'created' || name === 'modified' || name.endsWith('_date')) return rfc3339(now);
  if (name === 'apikey' || name === 'api_key') return `standin${identity.hex}`;
  if (name === 'href' || name.endsWith('_url')) return `https://${identity.guid}.standin.example`;
  // connection details as Db2 on Cloud reports them (host names, not IPs; the SSL port as a string)
  if (name === 'hostname') return `${identity.hex.slice(0, 12)}.standin.databases.appdomain.cloud`;
  if (name === 'ssl_port') return '50001';
  if (name === 'database_name') return 'bludb';
  return `standin-${name.replace(/_/g, '-')}-${identity.hex.slice(0, 8)}`;
}

const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

// time_rotating and time_static: the base time is now, or as given
const baseTime = (siblings: ObjectValue, now: Date) => (typeof siblings.rfc3339 === 'string' ? new Date(siblings.rfc3339) : now);

// rotation adds its period to the base time
function timeString(name: string, now: Date, siblings: ObjectValue): string {
  const base = baseTime(siblings, now);
  if (name === 'rotation_rfc3339') {
    const rotated = new Date(base);
    const add = (key: string) => (typeof siblings[key] === 'number' ? (siblings[key] as number) : 0);
    rotated.setUTCFullYear(rotated.getUTCFullYear() + add('rotation_years'), rotated.getUTCMonth() + add('rotation_months'), rotated.getUTCDate() + add('rotation_days'));
    rotated.setUTCHours(rotated.getUTCHours() + add('rotation_hours'), rotated.getUTCMinutes() + add('rotation_minutes'));
    return rfc3339(rotated);
  }
  return rfc3339(base);
}

function timeNumber(name: string, type: string, placeholders: Placeholders, siblings: ObjectValue): number | undefined {
  if (!type.startsWith('time_')) return undefined;
  const base = baseTime(siblings, placeholders.now);
  const parts: Record<string, number> = {
    year: base.getUTCFullYear(),
    month: base.getUTCMonth() + 1,
    day: base.getUTCDate(),
    hour: base.getUTCHours(),
    minute: base.getUTCMinutes(),
    second: base.getUTCSeconds(),
    unix: Math.floor(base.getTime() / 1000),
  };
  return parts[name];
}
