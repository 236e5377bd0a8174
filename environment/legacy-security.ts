// Moves a database's legacy Cloudant permissions (its `_security` document) to IAM:
// one service ID per legacy principal, granted the nearest least-privilege role sets on
// that database, as an `identities` section for an environment file.
import { ValidationError } from '../constructs/core/validation';
import { isMap, isScalar, parseDocument, Scalar, stringify, YAMLMap } from 'yaml';
import type { CloudantRoleSetName } from '../constructs/cloudant/roles';

/** How each legacy role maps to IAM, and why, in one table (the README prints the same). */
export const LEGACY_ROLE_MAPPING: Record<string, { readonly roleSets: readonly CloudantRoleSetName[]; readonly exact: boolean; readonly note: string }> = {
  _reader: { roleSets: ['reader'], exact: true, note: 'Reader reads documents, views and _changes, as _reader does' },
  _writer: { roleSets: ['writer'], exact: false, note: 'IAM Writer also reads; legacy _writer without _reader could write but not read' },
  _replicator: { roleSets: ['checkpointer'], exact: false, note: 'Checkpointer writes the _local checkpoints a replication source needs; with _reader it is the replication-source set' },
  _admin: { roleSets: ['manager'], exact: false, note: 'Manager on the database, which also writes design documents and _security; the identity gets allowManager' },
  _design: { roleSets: ['writer'], exact: false, note: 'IAM has no role that writes design documents short of Manager; granted writer only: add manager (and allowManager) if indexes must be written with this key' },
  _security: { roleSets: ['manager'], exact: false, note: 'only Manager may write _security in IAM; the identity gets allowManager' },
};

export interface LegacyMigrationOptions {
  /** the key of the Cloudant instance in the environment file */
  readonly instance: string;
  /** the database whose _security document this is */
  readonly database: string;
  /** where the document came from, for messages */
  readonly source: string;
}

export interface LegacyMigration {
  /** the `identities` section, as YAML, with the warnings as comments */
  readonly yaml: string;
  /** every role or principal that has no exact IAM equivalent */
  readonly warnings: readonly string[];
  /** the identities themselves, by key, for merging into a file */
  readonly identities: Readonly<Record<string, unknown>>;
  /** the header comment lines (source and warnings) */
  readonly header: readonly string[];
}

/** A `_security` document that cannot be read. */
export class LegacySecurityError extends ValidationError {
  constructor(source: string, message: string) {
    super(undefined, [{ path: [], file: source, message }]);
    this.name = 'LegacySecurityError';
  }
}

const IDENTITY_KEY = /^[a-z][a-z0-9_-]{0,62}$/;

export function migrateLegacySecurity(document: unknown, options: LegacyMigrationOptions): LegacyMigration {
  const { source, database } = options;
  const warnings: string[] = [];
  const principals = principalsOf(document, source, warnings);
  const identities: Record<string, unknown> = {};
  const used = new Set<string>();

  for (const [principal, roles] of principals) {
    if (principal === 'nobody') {
      warnings.push(`"nobody" (anonymous access) with ${roles.join(', ') || 'no roles'}: IAM has no anonymous access; dropped, so unauthenticated clients lose access`);
      continue;
    }
    const roleSets = new Set<CloudantRoleSetName>();
    for (const role of roles) {
      const mapping = LEGACY_ROLE_MAPPING[role];
      if (!mapping) {
        warnings.push(`${principal}: legacy role ${JSON.stringify(role)} has no IAM equivalent; dropped`);
        continue;
      }
      mapping.roleSets.forEach((set) => roleSets.add(set));
      const grantsManager = roles.some((other) => LEGACY_ROLE_MAPPING[other]?.roleSets.includes('manager'));
      const exactHere =
        mapping.exact ||
        (role === '_replicator' && roles.includes('_reader')) ||
        (role === '_writer' && roles.includes('_reader')) ||
        (role === '_design' && grantsManager);
      if (!exactHere) warnings.push(`${principal}: ${role} → ${mapping.roleSets.join(' + ')}: ${mapping.note}`);
    }
    if (roleSets.size === 0) {
      warnings.push(`${principal}: no roles that IAM can grant; no identity made`);
      continue;
    }
    const key = identityKey(principal, used);
    const manager = roleSets.has('manager');
    identities[key] = {
      kind: 'serviceId',
      description: `migrated from legacy credential ${principal} on database ${database}`,
      ...(manager ? { allowManager: true } : {}),
      grants: [{ instance: options.instance, database, roles: simplify(roleSets) }],
      // the legacy key stops working when legacy credentials are turned off; this replaces it
      keys: { primary: { rotationDays: 90 } },
    };
  }

  const header = [
    `generated from ${source} (database ${database}) by npm run migrate-security; review before use`,
    ...warnings.map((warning) => `warning: ${warning}`),
  ];
  const body = Object.keys(identities).length > 0 ? stringify({ identities }, { flowCollectionPadding: true }) : 'identities: {}\n';
  return { yaml: `${header.map((line) => `# ${line}`).join('\n')}\n${body}`, warnings, identities, header };
}

/**
 * The environment file with the migrated identities added to its `identities` section (made
 * at the end when it has none), comments and order kept; an identity key that is already
 * there is refused, so nothing is overwritten.
 */
export function mergeIdentitiesInto(file: string, text: string, migration: LegacyMigration): { text: string; added: string[] } {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new LegacySecurityError(file, `is not YAML that can be merged into (${document.errors[0]!.message.split('\n')[0]}); fix it, or print the identities to standard output without --into`);
  const section = document.get('identities', true);
  if (section !== undefined && section !== null && !isMap(section)) throw new LegacySecurityError(file, 'has an identities entry that is not a mapping; fix it first');
  const existing = isMap(section) ? section.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key)) : [];
  const clashes = Object.keys(migration.identities).filter((key) => existing.includes(key));
  if (clashes.length > 0) {
    throw new LegacySecurityError(file, `already has identities ${clashes.join(', ')}; rename them there, or print the migration to standard output (without --into) and merge by hand`);
  }
  const added = Object.keys(migration.identities);
  added.forEach((key, index) => {
    document.setIn(['identities', key], document.createNode(migration.identities[key], { flow: false }));
    if (index === 0) {
      // the source and the warnings, as a comment above the first identity added
      const pair = (document.get('identities', true) as YAMLMap).items.find((each) => (isScalar(each.key) ? each.key.value : each.key) === key)!;
      if (!isScalar(pair.key)) pair.key = document.createNode(key);
      (pair.key as Scalar).commentBefore = migration.header.map((line) => ` ${line}`).join('\n');
    }
  });
  return { text: document.toString({ flowCollectionPadding: true }), added };
}

// Cloudant's { cloudant: { <name>: [roles] } } or CouchDB's { admins, members: { names, roles } }.
function principalsOf(document: unknown, source: string, warnings: string[]): Map<string, string[]> {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new LegacySecurityError(source, 'is not a _security document; expected a JSON object such as {"cloudant": {"<api key>": ["_reader"]}}');
  }
  const doc = document as Record<string, unknown>;
  const principals = new Map<string, string[]>();
  const add = (name: string, roles: string[]) => principals.set(name, [...new Set([...(principals.get(name) ?? []), ...roles])]);

  if (doc.cloudant !== undefined) {
    if (doc.cloudant === null || typeof doc.cloudant !== 'object' || Array.isArray(doc.cloudant)) {
      throw new LegacySecurityError(source, 'cloudant: expected an object of <name>: [roles]');
    }
    for (const [name, roles] of Object.entries(doc.cloudant as Record<string, unknown>)) {
      if (!Array.isArray(roles) || roles.some((role) => typeof role !== 'string')) {
        throw new LegacySecurityError(source, `cloudant.${name}: expected a list of role names such as ["_reader", "_writer"]`);
      }
      add(name, roles as string[]);
    }
  }
  for (const [section, roles] of [['members', ['_reader', '_writer']], ['admins', ['_admin']]] as const) {
    const value = doc[section];
    if (value === undefined) continue;
    const names = (value as { names?: unknown }).names;
    if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))) {
      throw new LegacySecurityError(source, `${section}.names: expected a list of user names`);
    }
    ((names as string[] | undefined) ?? []).forEach((name) => add(name, [...roles]));
    const groups = (value as { roles?: unknown }).roles;
    if (Array.isArray(groups) && groups.length > 0) {
      warnings.push(`${section}.roles ${groups.map((group) => JSON.stringify(group)).join(', ')}: CouchDB role groups have no IAM equivalent; put their users in an access group (kind: accessGroup) instead`);
    }
  }
  if (doc.cloudant === undefined && doc.members === undefined && doc.admins === undefined) {
    throw new LegacySecurityError(source, 'holds none of cloudant, members, admins; is this the output of GET /<database>/_security?');
  }
  return principals;
}

// replication-source says more than reader + checkpointer
function simplify(sets: Set<CloudantRoleSetName>): CloudantRoleSetName[] | CloudantRoleSetName {
  // Manager can do everything the other sets can
  if (sets.has('manager')) return 'manager';
  const list = [...sets];
  if (sets.has('reader') && sets.has('checkpointer')) {
    const rest = list.filter((set) => set !== 'reader' && set !== 'checkpointer');
    list.splice(0, list.length, 'replication-source', ...rest);
  }
  if (list.includes('writer') && list.includes('reader')) list.splice(list.indexOf('reader'), 1);
  return list.length === 1 ? list[0]! : list;
}

function identityKey(principal: string, used: Set<string>): string {
  let base = principal.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(base)) base = `legacy-${base}`;
  base = base.slice(0, 56);
  let key = base;
  for (let n = 2; used.has(key) || !IDENTITY_KEY.test(key); n++) key = `${base}-${n}`;
  used.add(key);
  return key;
}
