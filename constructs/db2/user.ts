import { Construct } from 'constructs';
import { Fn, Lazy, TerraformOutput, TerraformStack } from '../core/cdktf';
import { scriptStep } from '../core/script-steps';
import { TerraformData, bareReference } from '../core/terraform-data';
import { stateOf } from '../core/tree-state';
import { isUnresolved, Problem, show, throwIfProblems, within } from '../core/validation';
import { IDENTITY_KIND_LABELS, IIamIdentity } from '../iam/identity';
import { DB2_DEPLOYMENT_ID_ENCODING, DB2_IBMID_FORM, DB2_USER_ID_PATTERN, DB2_USER_ROLES, Db2UserRole, db2SqlApiUrl } from './facts';
import type { IDb2Instance } from './instance-ref';
import { db2GrantScript, db2GrantsOf, Db2Grant, Db2Privileges, validateDb2Privileges } from './privileges';

const PUBLIC_IAM_ENDPOINT = 'https://iam.cloud.ibm.com';
const PRIVATE_IAM_ENDPOINT = 'https://private.iam.cloud.ibm.com';
const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const API_KEY_PLACEHOLDER = '<the API key, from your secret store>';

export interface Db2UserOptions {
  /**
   * The Db2 user ID (the AUTH ID that grants name): at most 20 characters, lowercase
   * a-z 0-9 . @ _ -, not starting with a digit or _.
   */
  readonly userId: string;
  /**
   * `bluuser` for applications. `bluadmin` administers the whole database and needs
   * `unsafeAllowBluadmin`; the guardrails refuse it in production without a suppression.
   * @default 'bluuser'
   */
  readonly role?: Db2UserRole;
  /**
   * Allow role `bluadmin`: every table, every user, every privilege of the database.
   * @default false
   */
  readonly unsafeAllowBluadmin?: boolean;
  /**
   * What the user may do once connected. The apply grants exactly these (and revokes
   * other privileges granted to the user directly), unless `privilegesBy` is `dba`.
   * @default - nothing beyond what Db2 gives every user
   */
  readonly privileges?: Db2Privileges;
  /**
   * Who applies the privileges: `apply` runs the GRANTs through the REST API's SQL endpoint
   * as the deployer's own Db2 user (which must be bluadmin, or hold ACCESSCTRL); `dba`
   * leaves them to a DBA, who runs the generated script (the `db2_users` output's `grant_sql`).
   * `ibm-data-guard db2 check` reports any privilege missing either way.
   * @default 'apply'
   */
  readonly privilegesBy?: 'apply' | 'dba';
  /**
   * The environment variable holding the deployer's key, which needs Administrator on the
   * instance (to manage users).
   * @default - IBMCLOUD_API_KEY, else IC_API_KEY (the IBM provider's own)
   */
  readonly deployerApiKeyVariable?: string;
}

export interface Db2UserProps extends Db2UserOptions {
  readonly instance: IDb2Instance;
  readonly identity: IIamIdentity;
}

/** What `ibm-data-guard db2 check` and a DBA need about one user, from the stack's `db2_users` output. No secrets. */
interface OutputEntry {
  readonly instance: string;
  readonly instance_crn: string;
  readonly api_url: string;
  readonly sql_url: string;
  readonly deployment_id_encoding: string;
  readonly user_id: string;
  readonly identity: string;
  readonly ibmid: string;
  readonly role: string;
  readonly privileges_by: string;
  readonly grants: readonly Db2Grant[];
  readonly grant_sql: string;
  readonly connection: Record<string, Record<string, string>>;
}

const USERS_ID = 'ibm-data-guard-db2-users';
const OUTPUT_ID = 'ibm-data-guard-db2-output';

/**
 * A Db2 user mapped to an IAM service ID, with its database privileges. IAM grants no SQL
 * access: the identity connects with its API key (`AUTHENTICATION=GSSPLUGIN`) and acts as
 * this user. A dependency-free script that Terraform runs creates or updates the user
 * through the Db2 SaaS REST API (`/users`), reads it back and fails the apply when it is
 * not there as declared; a second step makes its privileges exactly the declared ones.
 * Destroy revokes its privileges and deletes the user. No password is sent or stored:
 * the user is an IAM user.
 *
 * Only service IDs: IBM documents the Db2 user's IBMid field for IBMids and service IDs,
 * not for trusted profiles or access groups.
 */
export class Db2User extends Construct {
  public readonly userId: string;
  public readonly role: Db2UserRole;
  public readonly instance: IDb2Instance;
  public readonly identity: IIamIdentity;
  /** the declared privileges as single grants */
  public readonly grants: readonly Db2Grant[];
  /** the SQL a DBA can run to grant them */
  public readonly grantSql: string;
  /** the `terraform_data` whose provisioners create and delete the user */
  public readonly user: TerraformData;
  /** the `terraform_data` that applies the privileges (none when a DBA does) */
  public readonly privileges: TerraformData | undefined;

  constructor(scope: Construct, id: string, props: Db2UserProps) {
    super(scope, id);
    const subject = `Db2User ${this.node.path}`;
    throwIfProblems(subject, validateDb2UserProps(props));
    this.instance = props.instance;
    this.identity = props.identity;
    this.userId = props.userId;
    this.role = props.role ?? 'bluuser';
    this.grants = db2GrantsOf(props.privileges);
    this.grantSql = db2GrantScript(this.userId, this.grants, `Db2 user ${this.userId} (service ID ${props.identity.displayName}) on ${props.instance.displayName}, declared with ibm-data-guard`);
    this.claimUserId(subject);

    const instance = props.instance;
    const connection = instance.deployEndpoint === 'private' ? instance.privateConnection : instance.publicConnection;
    const sqlUrl = db2SqlApiUrl(connection.hostname);
    const iamUrl = instance.deployEndpoint === 'private' ? PRIVATE_IAM_ENDPOINT : PUBLIC_IAM_ENDPOINT;
    const ibmid = DB2_IBMID_FORM === 'serviceId' ? Fn.trimprefix(props.identity.iamId, 'iam-') : props.identity.iamId;
    const deployer: Record<string, string> = props.deployerApiKeyVariable ? { DB2_DEPLOYER_KEY_VARIABLE: props.deployerApiKeyVariable } : {};
    const where = {
      DB2_API_URL: instance.apiUrl,
      DB2_DEPLOYMENT_ID: instance.crn,
      DB2_DEPLOYMENT_ID_ENCODING: DB2_DEPLOYMENT_ID_ENCODING,
      DB2_IAM_URL: iamUrl,
    };
    const user = { id: this.userId, ibmid, role: this.role, name: props.identity.displayName };

    this.user = scriptStep(this, 'user', {
      script: 'db2-users.cjs',
      description: `creates Db2 user ${this.userId} on ${instance.displayName}, mapped to ${props.identity.displayName}, and reads it back`,
      // what the destroy-time command needs: Terraform lets it refer to nothing but this resource
      input: {
        api_url: instance.apiUrl,
        deployment_id: instance.crn,
        user_id: this.userId,
        iam_url: iamUrl,
        sql_url: props.privilegesBy === 'dba' ? '' : sqlUrl,
      },
      // another identity, role or instance is another user: delete it, then create it again;
      // db2_user_id and db2_role are literals, so a plan's review can name them before the identity exists
      triggersReplace: { user: Fn.jsonencode(user), instance: instance.crn, api_url: instance.apiUrl, db2_user_id: this.userId, db2_role: this.role },
      create: { command: 'put-user', environment: { ...where, DB2_USER: Fn.jsonencode(user), ...deployer } },
      destroy: {
        command: 'delete-user',
        environmentFromInput: { DB2_API_URL: 'api_url', DB2_DEPLOYMENT_ID: 'deployment_id', DB2_IAM_URL: 'iam_url', DB2_SQL_URL: 'sql_url', DB2_USER_ID: 'user_id' },
        environment: { DB2_DEPLOYMENT_ID_ENCODING: DB2_DEPLOYMENT_ID_ENCODING, ...deployer },
      },
    });

    // exactly the declared privileges, applied again whenever they or the user change
    this.privileges =
      props.privilegesBy === 'dba'
        ? undefined
        : scriptStep(this, 'privileges', {
            script: 'db2-users.cjs',
            description: `makes the privileges of Db2 user ${this.userId} exactly the declared ones`,
            input: {},
            triggersReplace: { db2_grants: JSON.stringify(this.grants), db2_user_id: this.userId },
            dependsOn: [this.user],
            lifecycle: { replaceTriggeredBy: [bareReference(this.user)] },
            create: { command: 'sync-privileges', environment: { ...where, DB2_SQL_URL: sqlUrl, DB2_USER_ID: this.userId, DB2_GRANTS: JSON.stringify(this.grants), ...deployer } },
          });

    this.registerOutput({
      instance: instance.displayName,
      instance_crn: instance.crn,
      api_url: instance.apiUrl,
      sql_url: sqlUrl,
      deployment_id_encoding: DB2_DEPLOYMENT_ID_ENCODING,
      user_id: this.userId,
      identity: props.identity.displayName,
      ibmid,
      role: this.role,
      privileges_by: props.privilegesBy ?? 'apply',
      grants: this.grants,
      grant_sql: this.grantSql,
      connection: connectionStrings(instance),
    });
  }

  // one Db2 user per user ID and one per identity on each instance
  private claimUserId(subject: string): void {
    const users = stateOf(this.instance, USERS_ID, () => new Map<string, Db2User>());
    const sameId = users.get(this.userId);
    if (sameId) {
      throwIfProblems(subject, [{ path: ['userId'], message: `${show(this.userId)} is already the Db2 user of ${sameId.identity.displayName} on ${this.instance.displayName}; give each identity its own user ID` }]);
    }
    const sameIdentity = [...users.values()].find((other) => other.identity === this.identity);
    if (sameIdentity) {
      throwIfProblems(subject, [{ path: ['userId'], message: `${this.identity.displayName} is already mapped to Db2 user ${show(sameIdentity.userId)} on ${this.instance.displayName}; an identity is one Db2 user per instance: give that user the privileges instead` }]);
    }
    users.set(this.userId, this);
  }

  // One `db2_users` output per stack, keyed `<instance>/<user ID>`, for `ibm-data-guard db2 check`.
  private registerOutput(entry: OutputEntry): void {
    const stack = TerraformStack.of(this);
    const entries = stateOf(stack, OUTPUT_ID, () => {
      const all = new Map<string, OutputEntry>();
      new TerraformOutput(stack, 'db2_users', {
        value: Lazy.anyValue({ produce: () => Object.fromEntries(all) }),
        description: 'Db2 users of this stack with their privileges and connection strings, for ibm-data-guard db2 check (no secrets)',
      });
      return all;
    });
    entries.set(`${entry.instance}/${entry.user_id}`, entry);
  }
}

/**
 * Connection strings with a placeholder where the API key goes, for each endpoint the
 * instance may serve: CLI and the `ibm_db` drivers, and JDBC (type 4, IAM plugin).
 */
function connectionStrings(instance: IDb2Instance): Record<string, Record<string, string>> {
  const endpoints: Array<['public' | 'private', ReturnType<() => IDb2Instance['publicConnection']>]> = [];
  if (instance.serviceEndpoints !== 'private') endpoints.push(['public', instance.publicConnection]);
  if (instance.serviceEndpoints !== 'public') endpoints.push(['private', instance.privateConnection]);
  return Object.fromEntries(
    endpoints.map(([which, { hostname, sslPort, databaseName }]) => [
      which,
      {
        hostname,
        ssl_port: sslPort,
        database: databaseName,
        cli: `DATABASE=${databaseName};HOSTNAME=${hostname};PORT=${sslPort};SECURITY=SSL;AUTHENTICATION=GSSPLUGIN;APIKEY=${API_KEY_PLACEHOLDER};`,
        jdbc: `jdbc:db2://${hostname}:${sslPort}/${databaseName}:sslConnection=true;securityMechanism=15;pluginName=IBMIAMauth;apiKey=${API_KEY_PLACEHOLDER};`,
      },
    ]),
  );
}

/** User options as far as they can be checked without the instance and identity. */
export type Db2UserCheck = Omit<Db2UserOptions, 'role' | 'privilegesBy'> & { readonly role?: string; readonly privilegesBy?: string; readonly identityKind?: IIamIdentity['kind'] };

/**
 * Every problem with a user's options. The environment loader runs the same checks, so
 * YAML and TypeScript users get the same messages.
 */
export function validateDb2UserOptions(options: Db2UserCheck): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const { userId } = options;
  if (isUnresolved(userId)) add(['userId'], 'must be a literal user ID: grants and the output name it');
  else if (typeof userId !== 'string' || !DB2_USER_ID_PATTERN.test(userId)) {
    add(['userId'], `${show(userId)} is not a Db2 user ID; use at most 20 characters of lowercase a-z, 0-9, . @ _ -, not starting with a digit or _ (for example ${show(suggestedUserId(String(userId ?? '')))})`);
  }
  if (options.role !== undefined && !(DB2_USER_ROLES as readonly string[]).includes(options.role)) {
    add(['role'], `${show(options.role)} is not a Db2 user role; use bluuser (or bluadmin, with unsafeAllowBluadmin)`);
  } else if (options.role === 'bluadmin' && !options.unsafeAllowBluadmin) {
    add(['role'], 'bluadmin administers the whole database (every table, every user); use bluuser with privileges, or set unsafeAllowBluadmin: true if this identity really must');
  }
  if (options.unsafeAllowBluadmin && options.role !== 'bluadmin') add(['unsafeAllowBluadmin'], 'has no effect unless role is bluadmin; remove it');
  if (options.privilegesBy !== undefined && options.privilegesBy !== 'apply' && options.privilegesBy !== 'dba') {
    add(['privilegesBy'], `${show(options.privilegesBy)} is not a choice; use apply (the deployer grants them) or dba (a DBA runs the generated SQL)`);
  }
  if (options.deployerApiKeyVariable !== undefined && !VARIABLE_NAME_PATTERN.test(options.deployerApiKeyVariable)) {
    add(['deployerApiKeyVariable'], `${show(options.deployerApiKeyVariable)} is not an environment variable name; use letters, digits and _, such as IBMCLOUD_API_KEY`);
  }
  if (options.identityKind !== undefined && options.identityKind !== 'service-id') {
    add(['identity'], `a ${IDENTITY_KIND_LABELS[options.identityKind]} cannot be a Db2 user: IBM documents the Db2 user's IBMid field for IBMids and service IDs only; map a service ID`);
  }
  problems.push(...within(['privileges'], validateDb2Privileges(options.privileges)));
  return problems;
}

function validateDb2UserProps(props: Db2UserProps): Problem[] {
  return validateDb2UserOptions({ ...props, identityKind: props.identity.kind });
}

// a user ID the rules accept, made from a bad one, for the message
function suggestedUserId(value: string): string {
  const cleaned = value.toLowerCase().replace(/[^a-z0-9.@_-]/g, '').replace(/^[0-9_]+/, '');
  return (cleaned || 'app').slice(0, 20);
}
