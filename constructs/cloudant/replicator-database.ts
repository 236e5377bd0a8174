import { Construct } from 'constructs';
import { CloudantDatabaseResource } from '../core/ibm-bindings';
import { terraformReachProblem } from './data-plane';
import type { ICloudantInstance } from './instance-ref';

/** Cloudant's database of replication documents; it must exist before any replication. */
export const REPLICATOR_DATABASE_NAME = '_replicator';

const CONSTRUCT_ID = 'replicator-database';

/**
 * The `_replicator` database of one instance (`ibm_cloudant_database`), created once
 * however many replications the instance hosts, and never destroyed by Terraform:
 * deleting it cancels every replication on the instance, including ones this app does
 * not manage.
 *
 * Creating it takes Manager on the instance, which the deployer has; no replication key
 * gets database-create rights. To tear the instance down, destroy the instance itself
 * (which removes `_replicator` with it), or first `terraform state rm` this resource.
 */
export class ReplicatorDatabase extends Construct {
  /** the instance's `_replicator` database, created in the instance's own stack on first use */
  public static of(instance: ICloudantInstance): ReplicatorDatabase {
    const existing = instance.node.tryFindChild(CONSTRUCT_ID);
    return existing instanceof ReplicatorDatabase ? existing : new ReplicatorDatabase(instance, CONSTRUCT_ID, instance);
  }

  /** the Terraform resource, for escape hatches */
  public readonly resource: CloudantDatabaseResource;

  private constructor(scope: Construct, id: string, instance: ICloudantInstance) {
    super(scope, id);
    this.resource = new CloudantDatabaseResource(this, 'Resource', {
      instanceCrn: instance.crn,
      db: REPLICATOR_DATABASE_NAME,
      lifecycle: { preventDestroy: true },
    });
    const resource = this.resource;
    this.node.addValidation({ validate: () => [terraformReachProblem(resource, instance, REPLICATOR_DATABASE_NAME)?.message ?? []].flat() });
  }
}
