import { Construct } from 'constructs';
import { CloudantDatabaseResource } from '../core/ibm-bindings';
import { isUnresolved, Problem, show, throwIfProblems, within } from '../core/validation';
import { terraformReachProblem } from './data-plane';
import type { ICloudantInstance } from './instance-ref';

/** What can be chosen about a database when it is created; none of it can change afterwards. */
export interface CloudantDatabaseOptions {
  /**
   * Whether the database is partitioned (documents keyed `<partition>:<id>`).
   * @default false
   */
  readonly partitioned?: boolean;
  /**
   * The number of shards (Cloudant's `q`). IBM recommends the default for most databases.
   * @default - chosen by Cloudant
   */
  readonly shards?: number;
  /**
   * Let Terraform destroy (or replace) the database, with every document in it.
   * @default false - `prevent_destroy`, or the instance's choice for a database it adds
   */
  readonly allowDestroy?: boolean;
}

export interface CloudantDatabaseProps extends CloudantDatabaseOptions {
  /** the instance the database lives in */
  readonly instance: ICloudantInstance;
  /** the database name */
  readonly name: string;
}

// Cloudant (CouchDB) database names start with a lowercase letter and use a-z, 0-9 and _ $ ( ) + - /.
export const DATABASE_NAME_PATTERN = /^[a-z][a-z0-9_$()+/-]*$/;
// CouchDB's max_dbname_length
const DATABASE_NAME_MAX_LENGTH = 238;

export function validateDatabaseName(name: string): Problem[] {
  if (isUnresolved(name)) return [];
  if (name.startsWith('_')) {
    return [{ path: [], message: `${show(name)} is a system database name; names starting with "_" are reserved to Cloudant (the toolkit creates _replicator itself when a replication needs it)` }];
  }
  if (!DATABASE_NAME_PATTERN.test(name)) {
    return [{ path: [], message: `${show(name)} is not a valid database name; start with a lowercase letter and use only a-z, 0-9 and _ $ ( ) + - /` }];
  }
  if (name.length > DATABASE_NAME_MAX_LENGTH) {
    return [{ path: [], message: `database name is ${name.length} characters long; the limit is ${DATABASE_NAME_MAX_LENGTH}` }];
  }
  return [];
}

/**
 * A database Terraform manages has a stricter name: the provider stores its ID as
 * `<instance CRN>/<name>` and reads it back by splitting on every `/`.
 */
export function validateManagedDatabaseName(name: string): Problem[] {
  const problems = validateDatabaseName(name);
  if (problems.length > 0 || isUnresolved(name) || !name.includes('/')) return problems;
  const last = name.slice(name.lastIndexOf('/') + 1);
  return [
    {
      path: [],
      message: `${show(name)} holds "/", which the IBM provider cannot manage: it stores the database's ID as <instance CRN>/<name> and reads it back by splitting on every "/", so the database is created, then looked up as ${show(last)}, and the apply fails with the resource tainted; use - or _ instead (grants may still name an existing database with "/")`,
    },
  ];
}

export function validateDatabaseOptions(options: CloudantDatabaseOptions): Problem[] {
  const { shards } = options;
  if (shards === undefined || isUnresolved(shards)) return [];
  if (!Number.isInteger(shards) || shards < 1) {
    return [{ path: ['shards'], message: `${show(shards)} is not a valid shard count; use a whole number of at least 1, or leave shards out to let Cloudant choose` }];
  }
  return [];
}

/** A database in a Cloudant instance (`ibm_cloudant_database`). */
export class CloudantDatabase extends Construct {
  /** the database name */
  public readonly databaseName: string;
  /** the instance the database lives in */
  public readonly instance: ICloudantInstance;
  /** whether documents are keyed `<partition>:<id>` */
  public readonly partitioned: boolean;
  /** the Terraform resource, for escape hatches */
  public readonly resource: CloudantDatabaseResource;

  constructor(scope: Construct, id: string, props: CloudantDatabaseProps) {
    super(scope, id);
    throwIfProblems(`CloudantDatabase ${this.node.path}`, [
      ...within(['name'], validateManagedDatabaseName(props.name)),
      ...validateDatabaseOptions(props),
    ]);
    this.databaseName = props.name;
    this.instance = props.instance;
    this.partitioned = props.partitioned ?? false;
    this.resource = new CloudantDatabaseResource(this, 'Resource', {
      instanceCrn: props.instance.crn,
      db: props.name,
      partitioned: this.partitioned,
      shards: props.shards,
      lifecycle: props.allowDestroy ? undefined : { preventDestroy: true },
    });
    const resource = this.resource;
    this.node.addValidation({ validate: () => [terraformReachProblem(resource, props.instance, props.name)?.message ?? []].flat() });
  }
}
