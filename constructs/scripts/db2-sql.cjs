// @ts-check
'use strict';
// The SQL of Db2 privileges, in one place: the statements that grant and revoke what a
// Db2 user is declared to hold, the catalog queries that read what it holds, and the
// difference between the two. The constructs use it to write the script a DBA can run;
// db2-users.cjs uses it to apply and check privileges through the REST API's SQL
// endpoint. Dependency-free, because it runs wherever Terraform runs.
//
// Names are ordinary (unquoted) Db2 identifiers, which Db2 folds to upper case; the
// constructs refuse any other, so nothing here is ever quoted or escaped beyond that.

/** the table privileges a user may be declared to hold, and what each is on a schema */
const DML_PRIVILEGES = /** @type {const} */ (['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
const SCHEMA_PRIVILEGE = { SELECT: 'SELECTIN', INSERT: 'INSERTIN', UPDATE: 'UPDATEIN', DELETE: 'DELETEIN' };

/**
 * One privilege a user holds: a DML privilege on every table of a schema (present and
 * future), a DML privilege on one table or view, or a role.
 * @typedef {{ kind: 'schema' | 'table', object: string, privilege: string } | { kind: 'role', object: string }} Grant
 * @typedef {{ roles?: readonly string[], schemas?: Readonly<Record<string, readonly string[]>>, tables?: Readonly<Record<string, readonly string[]>> }} Privileges
 */

/**
 * The declared privileges as a sorted list of single grants, names in upper case.
 * @param {Privileges | undefined} privileges
 * @returns {Grant[]}
 */
function grantsOf(privileges) {
  /** @type {Grant[]} */
  const grants = [];
  for (const [schema, list] of Object.entries(privileges?.schemas ?? {})) {
    for (const privilege of list) grants.push({ kind: 'schema', object: schema.toUpperCase(), privilege: privilege.toUpperCase() });
  }
  for (const [table, list] of Object.entries(privileges?.tables ?? {})) {
    for (const privilege of list) grants.push({ kind: 'table', object: table.toUpperCase(), privilege: privilege.toUpperCase() });
  }
  for (const role of privileges?.roles ?? []) grants.push({ kind: 'role', object: role.toUpperCase() });
  return sortGrants(grants);
}

/** @param {Grant} grant */
function grantKey(grant) {
  return grant.kind === 'role' ? `role ${grant.object}` : `${grant.kind} ${grant.object} ${grant.privilege}`;
}

// schemas, then tables, then roles; by name; privileges in the order SQL lists them
const KIND_ORDER = ['schema', 'table', 'role'];

/** @param {Grant} grant */
function sortKey(grant) {
  const privilege = grant.kind === 'role' ? 0 : DML_PRIVILEGES.indexOf(/** @type {any} */ (grant.privilege));
  return [KIND_ORDER.indexOf(grant.kind), grant.object, privilege];
}

/** @param {Grant[]} grants */
function sortGrants(grants) {
  const unique = new Map(grants.map((grant) => [grantKey(grant), grant]));
  return [...unique.values()].sort((a, b) => {
    const [kindA, objectA, privilegeA] = sortKey(a);
    const [kindB, objectB, privilegeB] = sortKey(b);
    // code-unit order, not localeCompare: the same script on every machine, whatever its locale
    const [nameA, nameB] = [String(objectA), String(objectB)];
    return Number(kindA) - Number(kindB) || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0) || Number(privilegeA) - Number(privilegeB);
  });
}

/** @param {string} userId */
function authId(userId) {
  return userId.toUpperCase();
}

/**
 * GRANT statements, one per object, for these grants to this user.
 * @param {string} userId
 * @param {readonly Grant[]} grants
 */
function grantStatements(userId, grants) {
  return statements(userId, grants, 'GRANT', 'TO');
}

/**
 * REVOKE statements, one per object, taking these grants from this user.
 * @param {string} userId
 * @param {readonly Grant[]} grants
 */
function revokeStatements(userId, grants) {
  return statements(userId, grants, 'REVOKE', 'FROM');
}

/**
 * @param {string} userId
 * @param {readonly Grant[]} grants
 * @param {'GRANT' | 'REVOKE'} verb
 * @param {'TO' | 'FROM'} preposition
 */
function statements(userId, grants, verb, preposition) {
  const user = `USER ${authId(userId)}`;
  /** @type {Map<string, string[]>} */
  const byObject = new Map();
  const lines = [];
  for (const grant of grants) {
    if (grant.kind === 'role') {
      lines.push(`${verb} ROLE ${grant.object} ${preposition} ${user}`);
      continue;
    }
    const on = grant.kind === 'schema' ? `SCHEMA ${grant.object}` : `TABLE ${grant.object}`;
    const privilege = grant.kind === 'schema' ? SCHEMA_PRIVILEGE[/** @type {keyof typeof SCHEMA_PRIVILEGE} */ (grant.privilege)] : grant.privilege;
    byObject.set(on, [...(byObject.get(on) ?? []), privilege]);
  }
  const objectLines = [...byObject].map(([on, privileges]) => `${verb} ${privileges.join(', ')} ON ${on} ${preposition} ${user}`);
  return [...objectLines, ...lines];
}

/**
 * The catalog queries whose rows `grantsFromRows` reads: what the user holds on schemas,
 * tables and as roles, granted to it directly (not through PUBLIC, groups or roles).
 * @param {string} userId
 */
function catalogQueries(userId) {
  const grantee = `GRANTEE = '${authId(userId)}' AND GRANTEETYPE = 'U'`;
  return [
    `SELECT SCHEMANAME, SELECTINAUTH, INSERTINAUTH, UPDATEINAUTH, DELETEINAUTH FROM SYSCAT.SCHEMAAUTH WHERE ${grantee}`,
    `SELECT TABSCHEMA, TABNAME, SELECTAUTH, INSERTAUTH, UPDATEAUTH, DELETEAUTH FROM SYSCAT.TABAUTH WHERE ${grantee}`,
    `SELECT ROLENAME FROM SYSCAT.ROLEAUTH WHERE ${grantee}`,
  ];
}

/**
 * What the user holds, from the rows of the three catalog queries, in their order. A
 * privilege is held when its column is Y (held) or G (held and grantable).
 * @param {readonly (readonly (readonly unknown[])[])[]} rowsPerQuery
 * @returns {Grant[]}
 */
function grantsFromRows(rowsPerQuery) {
  const [schemaRows = [], tableRows = [], roleRows = []] = rowsPerQuery;
  const held = (/** @type {unknown} */ value) => value === 'Y' || value === 'G';
  /** @type {Grant[]} */
  const grants = [];
  for (const [schema, ...columns] of schemaRows) {
    columns.forEach((value, index) => {
      if (held(value)) grants.push({ kind: 'schema', object: String(schema).trim(), privilege: /** @type {string} */ (DML_PRIVILEGES[index]) });
    });
  }
  for (const [schema, table, ...columns] of tableRows) {
    columns.forEach((value, index) => {
      if (held(value)) grants.push({ kind: 'table', object: `${String(schema).trim()}.${String(table).trim()}`, privilege: /** @type {string} */ (DML_PRIVILEGES[index]) });
    });
  }
  for (const [role] of roleRows) grants.push({ kind: 'role', object: String(role).trim() });
  return sortGrants(grants);
}

/**
 * What to grant and what to revoke so the user holds exactly what is declared.
 * @param {readonly Grant[]} declared
 * @param {readonly Grant[]} held
 */
function difference(declared, held) {
  const heldKeys = new Set(held.map(grantKey));
  const declaredKeys = new Set(declared.map(grantKey));
  return {
    missing: declared.filter((grant) => !heldKeys.has(grantKey(grant))),
    extra: held.filter((grant) => !declaredKeys.has(grantKey(grant))),
  };
}

/**
 * A grant in words, for messages.
 * @param {Grant} grant
 */
function describeGrant(grant) {
  if (grant.kind === 'role') return `role ${grant.object}`;
  return grant.kind === 'schema' ? `${grant.privilege} on every table of schema ${grant.object}` : `${grant.privilege} on table ${grant.object}`;
}

/**
 * The script a DBA can run instead of (or before) the apply: the grants, nothing else.
 * @param {string} userId
 * @param {readonly Grant[]} grants
 * @param {string} heading a comment line saying whose privileges these are
 */
function grantScript(userId, grants, heading) {
  const body = grants.length === 0 ? [`-- nothing to grant: ${authId(userId)} is declared with no privileges beyond what Db2 gives every user`] : grantStatements(userId, grants).map((line) => `${line};`);
  return [`-- ${heading}`, ...body].join('\n');
}

module.exports = {
  DML_PRIVILEGES,
  grantsOf,
  grantKey,
  grantStatements,
  revokeStatements,
  catalogQueries,
  grantsFromRows,
  difference,
  describeGrant,
  grantScript,
};
