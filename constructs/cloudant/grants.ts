import { Annotations, dependable, TerraformResource, TerraformStack } from '../core/cdktf';
import { stateOf } from '../core/tree-state';
import { isUnresolved, Problem, show, throwIfProblems, within } from '../core/validation';
import { createIdentityPolicy, IDENTITY_KIND_LABELS, IdentityPolicy, IIamIdentity, PolicyDefinition } from '../iam/identity';
import { DATABASE_NAME_PATTERN, validateDatabaseName } from './database';
import type { ICloudantInstance } from './instance-ref';
import { CLOUDANT_SERVICE_NAME } from './plans';
import { CLOUDANT_ROLE_SETS, CLOUDANT_SERVICE_ROLES, CloudantRoleSetName, CloudantServiceRole, PLATFORM_ROLES } from './roles';

/** Where in the instance a grant applies. Give at most one of the two. */
export interface CloudantGrantOptions {
  /**
   * One database, by name.
   * @default - the whole instance
   */
  readonly database?: string;
  /**
   * Every database whose name starts with this prefix, now and later (IAM `stringMatch`).
   * @default - the whole instance
   */
  readonly databasePrefix?: string;
}

/** what a grant covers: the whole instance, one database, or databases by prefix */
export type CloudantGrantScope =
  | { readonly kind: 'instance' }
  | { readonly kind: 'database'; readonly name: string }
  | { readonly kind: 'prefix'; readonly prefix: string };

/** The access an identity holds on one scope of one instance: one IAM policy. */
export class CloudantGrant {
  private currentRoles: CloudantServiceRole[];

  /** @internal */
  constructor(
    public readonly identity: IIamIdentity,
    public readonly instance: ICloudantInstance,
    public readonly scope: CloudantGrantScope,
    roles: readonly CloudantServiceRole[],
    private readonly policy: IdentityPolicy,
  ) {
    this.currentRoles = [...roles];
  }

  /** the roles the policy grants */
  public get roles(): readonly CloudantServiceRole[] {
    return this.currentRoles;
  }

  /** the IAM policy resource (`ibm_iam_service_policy`, `…_trusted_profile_policy` or `…_access_group_policy`) */
  public get resource(): TerraformResource {
    return this.policy.resource;
  }

  /**
   * Orders resources after this grant, so they are created once the access exists (and
   * destroyed before it is taken away). Resources in another stack are left to that stack's
   * order: Terraform orders only within one configuration.
   */
  public applyBefore(...dependents: readonly (TerraformResource | undefined)[]): void {
    const stack = TerraformStack.of(this.policy.resource);
    for (const dependent of dependents) {
      if (dependent === undefined || TerraformStack.of(dependent) !== stack) continue;
      dependent.dependsOn = [...(dependent.dependsOn ?? []), dependable(this.policy.resource)];
    }
  }

  /** @internal */
  public addRoles(roles: readonly CloudantServiceRole[]): void {
    const merged = new Set([...this.currentRoles, ...roles]);
    this.currentRoles = CLOUDANT_SERVICE_ROLES.filter((role) => merged.has(role));
    this.policy.setRoles(this.currentRoles);
  }
}

// The grants of each identity, kept on the identity per instance, so that a grant can be
// checked against the identity's other grants on the same instance.
const GRANTS_ID = 'ibm-data-guard-cloudant-grants';

/**
 * Grants on one Cloudant instance, made here or elsewhere. Each grant is one IAM policy
 * on the grantee, scoped to this instance by its GUID, and to one database or a database
 * prefix when asked.
 */
export class CloudantGrants {
  public static fromInstance(instance: ICloudantInstance): CloudantGrants {
    return new CloudantGrants(instance);
  }

  private constructor(private readonly instance: ICloudantInstance) {}

  /** Reader: read documents, views, `_changes` and database info. No writes of any kind */
  public read(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.roleSets(identity, ['reader'], options);
  }

  /** Writer: everything Reader can, plus writing data and `_local` documents. Not design documents */
  public write(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.roleSets(identity, ['writer'], options);
  }

  /** Manager: everything, including database create/delete, design documents, `_security` and replications */
  public manage(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.roleSets(identity, ['manager'], options);
  }

  /** Monitor: `_active_tasks`, `_scheduler`, `_up`, shards and throughput (and `_local` writes) */
  public monitor(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.roleSets(identity, ['monitor'], options);
  }

  /** Checkpointer: `_local` document writes, which a replication source needs for checkpoints */
  public checkpoint(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.roleSets(identity, ['checkpointer'], options);
  }

  /** what a replication's source key needs: Reader + Checkpointer */
  public replicationSource(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.roleSets(identity, ['replication-source'], options);
  }

  /** what a replication's target key needs: Writer */
  public replicationTarget(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.roleSets(identity, ['replication-target'], options);
  }

  /** the roles of named role sets (see CLOUDANT_ROLE_SETS) */
  public roleSets(identity: IIamIdentity, sets: readonly CloudantRoleSetName[], options: CloudantGrantOptions = {}): CloudantGrant {
    const unknown = sets.filter((set) => !Object.hasOwn(CLOUDANT_ROLE_SETS, set));
    if (unknown.length > 0) {
      throwIfProblems(this.subject(identity), unknown.map((set) => ({ path: ['roles'], message: `${show(set)} is not a role set; use one of ${Object.keys(CLOUDANT_ROLE_SETS).join(', ')}` })));
    }
    return this.roles(identity, sets.flatMap((set) => CLOUDANT_ROLE_SETS[set]), options);
  }

  /**
   * Any combination of Cloudant's service roles. Repeating a grant on the same scope adds
   * its roles to the same policy.
   */
  public roles(identity: IIamIdentity, roles: readonly string[], options: CloudantGrantOptions = {}): CloudantGrant {
    const scope = this.scopeOf(identity, options);
    const wanted = this.checkRoles(identity, roles);
    const byScope = this.grantsOn(identity);
    const key = scopeKey(scope);
    const existing = byScope.get(key);
    if (existing) {
      existing.addRoles(wanted);
      return existing;
    }
    this.checkScopeConflicts(identity, scope, wanted, byScope);

    const label = instanceLabel(this.instance);
    const policy = createIdentityPolicy(identity, `${label}-${scopeSuffix(scope)}`.replace(/\//g, '--'), identity, this.definition(scope, wanted, label));
    const grant = new CloudantGrant(identity, this.instance, scope, wanted, policy);
    byScope.set(key, grant);
    if (scope.kind === 'prefix') this.warnOnUnmatchedPrefix(scope.prefix, policy.resource);
    return grant;
  }

  private subject(identity: IIamIdentity): string {
    return `grant on Cloudant instance ${instanceLabel(this.instance)} to ${IDENTITY_KIND_LABELS[identity.kind]} ${show(identity.displayName)}`;
  }

  private checkRoles(identity: IIamIdentity, roles: readonly string[]): CloudantServiceRole[] {
    const problems: Problem[] = [];
    if (roles.length === 0) problems.push({ path: ['roles'], message: `no roles given; use one or more of ${CLOUDANT_SERVICE_ROLES.join(', ')}` });
    for (const role of roles) {
      if ((PLATFORM_ROLES as readonly string[]).includes(role)) {
        problems.push({ path: ['roles'], message: `${show(role)} is an IAM platform role: it manages the instance itself (Editor and Administrator can delete it) and grants no data access; use Cloudant's service roles ${CLOUDANT_SERVICE_ROLES.join(', ')}` });
      } else if (!(CLOUDANT_SERVICE_ROLES as readonly string[]).includes(role)) {
        problems.push({ path: ['roles'], message: `${show(role)} is not a Cloudant service role; use one of ${CLOUDANT_SERVICE_ROLES.join(', ')}` });
      }
    }
    if (roles.includes('Manager') && !identity.allowManager) {
      problems.push({
        path: ['roles'],
        message: `Manager is refused for ${IDENTITY_KIND_LABELS[identity.kind]} ${show(identity.displayName)}: Manager can create and delete databases, write design documents, _security and replications; grant writer or reader, or set allowManager on the identity if it administers the instance`,
      });
    }
    throwIfProblems(this.subject(identity), problems);
    const wanted = new Set(roles);
    return CLOUDANT_SERVICE_ROLES.filter((role) => wanted.has(role));
  }

  private scopeOf(identity: IIamIdentity, options: CloudantGrantOptions): CloudantGrantScope {
    const { database, databasePrefix } = options;
    const problems: Problem[] = [];
    if (database !== undefined && databasePrefix !== undefined) {
      problems.push({ path: ['databasePrefix'], message: 'give either database or databasePrefix, not both' });
    } else if (database !== undefined) {
      if (isUnresolved(database)) {
        problems.push({ path: ['database'], message: 'must be a literal database name: the IAM policy names the database, and the grant is checked against the instance' });
      } else {
        const nameProblems = validateDatabaseName(database);
        problems.push(...within(['database'], nameProblems));
        const known = this.instance.databaseNames;
        if (nameProblems.length === 0 && known !== undefined && !known.includes(database)) {
          problems.push({
            path: ['database'],
            message: `${show(database)} is not a database of this instance (it has ${known.length > 0 ? known.map((name) => show(name)).join(', ') : 'none'}); add the database to the instance first, or fix the name`,
          });
        }
      }
    } else if (databasePrefix !== undefined) {
      if (isUnresolved(databasePrefix)) {
        problems.push({ path: ['databasePrefix'], message: 'must be a literal prefix' });
      } else if (!DATABASE_NAME_PATTERN.test(databasePrefix)) {
        problems.push({ path: ['databasePrefix'], message: `${show(databasePrefix)} is not the start of a database name; start with a lowercase letter and use only a-z, 0-9 and _ $ ( ) + - / (no wildcards: the grant adds *)` });
      }
    }
    throwIfProblems(this.subject(identity), problems);
    if (database !== undefined) return { kind: 'database', name: database };
    if (databasePrefix !== undefined) return { kind: 'prefix', prefix: databasePrefix };
    return { kind: 'instance' };
  }

  private grantsOn(identity: IIamIdentity): Map<string, CloudantGrant> {
    const byInstance = stateOf(identity, GRANTS_ID, () => new Map<string, Map<string, CloudantGrant>>());
    let byScope = byInstance.get(this.instance.guid);
    if (!byScope) byInstance.set(this.instance.guid, (byScope = new Map()));
    return byScope;
  }

  // IBM: an instance-level policy makes every narrower database-level policy of the same
  // identity moot, so an identity restricted to databases must hold no instance-level
  // policy (Cloudant docs, "Managing access", policy enforcement).
  private checkScopeConflicts(identity: IIamIdentity, scope: CloudantGrantScope, roles: readonly CloudantServiceRole[], byScope: Map<string, CloudantGrant>): void {
    const others = [...byScope.values()];
    const wide = scope.kind === 'instance' ? undefined : others.find((grant) => grant.scope.kind === 'instance');
    const narrow = scope.kind === 'instance' ? others.filter((grant) => grant.scope.kind !== 'instance') : [];
    const who = `${IDENTITY_KIND_LABELS[identity.kind]} ${show(identity.displayName)}`;
    let message: string | undefined;
    if (wide) {
      message = `${who} already holds ${wide.roles.join(' + ')} on the whole instance, so ${roles.join(' + ')} on ${describeScope(scope)} would not restrict it to that: IAM applies the instance-wide policy to every database. Grant this identity on databases only, or use a separate identity for the instance-wide role`;
    } else if (narrow.length > 0) {
      message = `${who} holds grants on ${narrow.map((grant) => describeScope(grant.scope)).join(', ')}; ${roles.join(' + ')} on the whole instance would make them meaningless, because IAM applies it to every database. Grant on those databases instead, or use a separate identity for the instance-wide role`;
    }
    if (message) throwIfProblems(this.subject(identity), [{ path: scope.kind === 'instance' ? [] : [scope.kind === 'database' ? 'database' : 'databasePrefix'], message }]);
  }

  private definition(scope: CloudantGrantScope, roles: readonly CloudantServiceRole[], label: string): PolicyDefinition {
    const where = scope.kind === 'instance' ? `Cloudant instance ${label}` : `${describeScope(scope)} of Cloudant instance ${label}`;
    const description = `${roles.join(' + ')} on ${where} (ibm-data-guard)`;
    const instanceScope = { service: CLOUDANT_SERVICE_NAME, resourceInstanceId: this.instance.guid };
    switch (scope.kind) {
      case 'instance':
        return { roles, description, resources: instanceScope };
      case 'database':
        return { roles, description, resources: { ...instanceScope, resourceType: 'database', resource: encodeDatabaseName(scope.name) } };
      case 'prefix':
        // the resources block only knows stringEquals; a wildcard needs resource_attributes
        return {
          roles,
          description,
          resourceAttributes: [
            { name: 'serviceName', value: CLOUDANT_SERVICE_NAME, operator: 'stringEquals' },
            { name: 'serviceInstance', value: this.instance.guid, operator: 'stringEquals' },
            { name: 'resourceType', value: 'database', operator: 'stringEquals' },
            { name: 'resource', value: `${encodeDatabaseName(scope.prefix)}*`, operator: 'stringMatch' },
          ],
        };
    }
  }

  private warnOnUnmatchedPrefix(prefix: string, policy: TerraformResource): void {
    const known = this.instance.databaseNames;
    if (known !== undefined && !known.some((name) => name.startsWith(prefix))) {
      Annotations.of(policy).addWarning(`no database of Cloudant instance ${instanceLabel(this.instance)} starts with ${show(prefix)} yet; the grant applies to databases created later with that prefix`);
    }
  }
}

/**
 * A database name as IAM policies take it: URL-encoded, except that slashes stay as they
 * are (Cloudant docs). Database names can hold $ ( ) + besides letters, digits, _ - /.
 */
export function encodeDatabaseName(name: string): string {
  return name
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function describeScope(scope: CloudantGrantScope): string {
  switch (scope.kind) {
    case 'instance':
      return 'the whole instance';
    case 'database':
      return `database ${show(scope.name)}`;
    case 'prefix':
      return `databases starting ${show(scope.prefix)}`;
  }
}

function scopeKey(scope: CloudantGrantScope): string {
  return scope.kind === 'instance' ? 'instance' : `${scope.kind}:${scope.kind === 'database' ? scope.name : scope.prefix}`;
}

function scopeSuffix(scope: CloudantGrantScope): string {
  return scope.kind === 'instance' ? 'instance' : scope.kind === 'database' ? `db-${scope.name}` : `prefix-${scope.prefix}`;
}

/** the instance's construct path inside its stack, for policy IDs and messages */
function instanceLabel(instance: ICloudantInstance): string {
  const scopes = instance.node.scopes;
  const stackIndex = scopes.findIndex((scope) => TerraformStack.isStack(scope));
  return scopes.slice(stackIndex + 1).map((scope) => scope.node.id).join('-');
}
