// What a Db2 user may be declared to hold, and the checks on it. The SQL itself is in
// scripts/db2-sql.cjs, shared with the script that applies it.
import { isUnresolved, Problem, show } from '../core/validation';
import { DB2_SYSTEM_SCHEMA_PREFIX } from './facts';
import * as sql from '../scripts/db2-sql.cjs';

export const DB2_DML_PRIVILEGES = sql.DML_PRIVILEGES;
export type Db2DmlPrivilege = (typeof DB2_DML_PRIVILEGES)[number];

/**
 * Database privileges of one Db2 user. IAM grants no SQL access: these are what the
 * identity can do once connected. Leave them all out for a user that holds nothing beyond
 * what Db2 gives every user (IBM does not document what a new bluuser gets on the
 * Performance plan: possibly IMPLICIT_SCHEMA, which lets it create its own schema).
 */
export interface Db2Privileges {
  /** Db2 roles (`GRANT ROLE … TO USER …`), made by a DBA beforehand */
  readonly roles?: readonly string[];
  /**
   * Privileges on every table and view of a schema, present and future, by schema name
   * (`SELECT` becomes `SELECTIN` on the schema, and so on).
   */
  readonly schemas?: Readonly<Record<string, readonly Db2DmlPrivilege[]>>;
  /** privileges on single tables or views, by `SCHEMA.TABLE` */
  readonly tables?: Readonly<Record<string, readonly Db2DmlPrivilege[]>>;
}

// an ordinary (unquoted) Db2 identifier; anything else would need quoting in every statement
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
const IDENTIFIER_RULE = 'a letter, then up to 127 letters, digits and _';

/** every problem with a set of privileges */
export function validateDb2Privileges(privileges: Db2Privileges | undefined): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  if (privileges === undefined) return problems;

  for (const [schema, list] of Object.entries(privileges.schemas ?? {})) {
    const problem = schemaProblem(schema);
    if (problem) add(['schemas', schema], problem);
    problems.push(...privilegeListProblems(['schemas', schema], list));
  }
  for (const [table, list] of Object.entries(privileges.tables ?? {})) {
    const parts = table.split('.');
    if (parts.length !== 2 || !parts.every((part) => IDENTIFIER.test(part))) {
      add(['tables', table], `${show(table)} is not a table name; write SCHEMA.TABLE, each part ${IDENTIFIER_RULE}`);
    } else {
      const problem = schemaProblem(parts[0]!);
      if (problem) add(['tables', table], problem);
    }
    problems.push(...privilegeListProblems(['tables', table], list));
  }
  const seen = new Set<string>();
  (privileges.roles ?? []).forEach((role, index) => {
    if (isUnresolved(role)) return;
    if (typeof role !== 'string' || !IDENTIFIER.test(role)) add(['roles', index], `${show(role)} is not a Db2 role name; use ${IDENTIFIER_RULE}`);
    else if (role.toUpperCase().startsWith(DB2_SYSTEM_SCHEMA_PREFIX) || role.toUpperCase() === 'PUBLIC') add(['roles', index], `${show(role)} is reserved by Db2; name a role your DBA created`);
    else if (seen.has(role.toUpperCase())) add(['roles', index], `${show(role)} is listed twice`);
    seen.add(typeof role === 'string' ? role.toUpperCase() : '');
  });
  return problems;
}

function schemaProblem(schema: string): string | undefined {
  if (!IDENTIFIER.test(schema)) return `${show(schema)} is not a schema name; use ${IDENTIFIER_RULE} (Db2 folds it to upper case)`;
  if (schema.toUpperCase().startsWith(DB2_SYSTEM_SCHEMA_PREFIX)) {
    return `${show(schema)} is a Db2 system schema (SYS…), on which privileges are Db2's own to give; name an application schema`;
  }
  return undefined;
}

function privilegeListProblems(path: (string | number)[], list: readonly string[]): Problem[] {
  if (!Array.isArray(list) || list.length === 0) return [{ path, message: `lists no privilege; give some of ${DB2_DML_PRIVILEGES.join(', ')}, or remove the entry` }];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  list.forEach((privilege, index) => {
    const upper = typeof privilege === 'string' ? privilege.toUpperCase() : '';
    if (!(DB2_DML_PRIVILEGES as readonly string[]).includes(upper)) {
      problems.push({ path: [...path, index], message: `${show(privilege)} is not a privilege this library grants; use ${DB2_DML_PRIVILEGES.join(', ')} (anything wider, such as CONTROL or ALTER, is for a DBA)` });
    } else if (seen.has(upper)) {
      problems.push({ path: [...path, index], message: `${show(privilege)} is listed twice` });
    }
    seen.add(upper);
  });
  return problems;
}

/** the declared privileges as single grants, names in upper case, sorted */
export const db2GrantsOf = sql.grantsOf;
/** the script a DBA can run to grant them */
export const db2GrantScript = sql.grantScript;
export const describeDb2Grant = sql.describeGrant;
export type Db2Grant = sql.Grant;
