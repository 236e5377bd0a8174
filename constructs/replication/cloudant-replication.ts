import { Construct } from 'constructs';
import { Annotations, dependable, Fn, Lazy, TerraformOutput, TerraformStack } from '../core/cdktf';
import { scriptStep } from '../core/script-steps';
import type { TerraformData } from '../core/terraform-data';
import { stateOf } from '../core/tree-state';
import { isUnresolved, Problem, show, throwIfProblems, within } from '../core/validation';
import { CloudantGrant, CloudantGrants } from '../cloudant/grants';
import { CloudantInstance, ICloudantInstance } from '../cloudant/instance';
import { ReplicatorDatabase } from '../cloudant/replicator-database';
import { CLOUDANT_SERVICE_NAME } from '../cloudant/plans';
import { ApiKey, validateApiKeyOptions } from '../iam/api-key';
import { ServiceIdentity } from '../iam/service-identity';
import { CloudantNetworkRule } from '../network/cloudant-network-rule';
import { replicationDocument, ReplicationDocumentOptions, replicationRoleSets, validateReplicationDocumentOptions } from './replication-document';

/** which of an instance's endpoints to use */
export type CloudantEndpoint = 'public' | 'private';

export const PUBLIC_IAM_ENDPOINT = 'https://iam.cloud.ibm.com';
export const PRIVATE_IAM_ENDPOINT = 'https://private.iam.cloud.ibm.com';

// Replication document IDs: readable, URL-safe, and never "_…" (reserved by Cloudant).
export const REPLICATION_DOCUMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One side of a replication. */
export interface ReplicationEndpoint {
  /** the instance: one of this app (`CloudantInstance`) or one made elsewhere (`CloudantInstance.fromAttributes`) */
  readonly instance: ICloudantInstance;
  /** the database */
  readonly database: string;
  /**
   * The endpoint the replicator uses to reach this side.
   * @default - the instance's public endpoint, or its private one when it serves only private endpoints
   */
  readonly endpoint?: CloudantEndpoint;
  /**
   * Where this side's service ID, policy and key are made: a construct in a stack whose IBM
   * provider works in this instance's account. IAM policies grant only on resources of their
   * own account, so a side in another account needs this.
   * @default - the replication itself
   */
  readonly identityScope?: Construct;
}

export interface CloudantReplicationProps extends ReplicationDocumentOptions {
  /** names the two service IDs and keys (`<name>-source`, `<name>-target`) and, by default, the document */
  readonly name: string;
  readonly source: ReplicationEndpoint;
  readonly target: ReplicationEndpoint;
  /**
   * The ID of the replication document in `_replicator`.
   * @default - the name
   */
  readonly documentId?: string;
  /**
   * The instance whose `_replicator` holds the document and whose replicator does the work.
   * @default 'target' (the target pulls)
   */
  readonly host?: 'source' | 'target';
  /**
   * Create the host's `_replicator` database when the host was made elsewhere. An instance
   * of this app always gets one, created once.
   * @default false (it must exist)
   */
  readonly createReplicatorDatabase?: boolean;
  /**
   * The host endpoint that Terraform's machine writes the document through.
   * @default - as for the host side's `endpoint`
   */
  readonly deployEndpoint?: CloudantEndpoint;
  /**
   * The IAM endpoint that Terraform's machine exchanges the deployer's key at.
   * @default - https://private.iam.cloud.ibm.com with a private deployEndpoint, else https://iam.cloud.ibm.com
   */
  readonly iamEndpoint?: string;
  /**
   * The environment variable holding the key that writes the document; it needs Manager on
   * the host. No new Manager key is made for this.
   * @default - IBMCLOUD_API_KEY, else IC_API_KEY (the IBM provider's own)
   */
  readonly deployerApiKeyVariable?: string;
  /**
   * Days between rotations of the two replication keys; a rotation rewrites the document.
   * @default 90
   */
  readonly keyRotationDays?: number;
  /**
   * Days a replication key stays valid after its rotation falls due.
   * @default 30
   */
  readonly keyExpiryGraceDays?: number;
}

/** What `npm run replication-status` needs to find one replication, from the stack's `replications` output. */
interface StatusEntry {
  readonly host_url: string;
  readonly document_id: string;
  readonly source_url: string;
  readonly target_url: string;
}

// Document IDs in use per hosting instance, so two replications never share a document.
const DOCUMENTS_ID = 'ibm-data-guard-replication-documents';
// The replications of each stack, for its `replications` output.
const STATUS_ID = 'ibm-data-guard-replication-status';

/**
 * A Cloudant replication from one database to another, on instances of this app or made
 * elsewhere, in any region or account, with a least-privilege key per side:
 * - the source key holds Reader + Checkpointer on the source database only;
 * - the target key holds Writer on the target database only (Manager only when design
 *   documents are copied or the replicator creates the target, and then with a warning).
 *
 * Terraform creates the target database on an instance of this app, and the host's
 * `_replicator` database once, protected from destroy. The replication document is
 * written by a dependency-free Node script (shipped as a stack asset) that a
 * `terraform_data` runs: on create it writes the document with the deployer's token,
 * on destroy it deletes it, and when either key rotates the resource is replaced, so the
 * document is rewritten with the new key. Key values reach the script only through the
 * provisioner's environment, never through `terraform_data` input.
 *
 * Removing a replication from the code does not run the destroy step (Terraform drops
 * provisioners with the resource): destroy it first with `terraform destroy -target`.
 */
export class CloudantReplication extends Construct {
  public readonly name: string;
  public readonly documentId: string;
  /** the instance whose `_replicator` holds the document */
  public readonly host: ICloudantInstance;
  public readonly sourceIdentity: ServiceIdentity;
  public readonly targetIdentity: ServiceIdentity;
  public readonly sourceKey: ApiKey;
  public readonly targetKey: ApiKey;
  public readonly sourceGrant: CloudantGrant;
  public readonly targetGrant: CloudantGrant;
  /** the `terraform_data` whose provisioners write and delete the document */
  public readonly document: TerraformData;

  constructor(scope: Construct, id: string, props: CloudantReplicationProps) {
    super(scope, id);
    const subject = `CloudantReplication ${this.node.path}`;
    throwIfProblems(subject, validateCloudantReplicationProps(props));

    const { source, target } = props;
    this.name = props.name;
    this.documentId = props.documentId ?? props.name;
    this.host = props.host === 'source' ? source.instance : target.instance;
    const hostSide = props.host === 'source' ? source : target;
    this.claimDocumentId(subject);

    // Terraform makes the target database on an instance of this app, so no key needs create rights
    const sourceDatabase = source.instance instanceof CloudantInstance ? source.instance.database(source.database) : undefined;
    const targetDatabase =
      target.instance instanceof CloudantInstance
        ? (target.instance.database(target.database) ?? target.instance.addDatabase(target.database, { partitioned: sourceDatabase?.partitioned ?? false }))
        : undefined;

    const roles = replicationRoleSets(props);
    const side = (which: 'source' | 'target', endpoint: ReplicationEndpoint, roleSet: typeof roles.source | typeof roles.target, purpose: string) => {
      const owner = endpoint.identityScope ?? this;
      const prefix = endpoint.identityScope ? `${this.node.id}-${which}-` : `${which}-`;
      const identity = new ServiceIdentity(owner, `${prefix}identity`, {
        name: `${this.name}-${which}`,
        description: `${purpose} database ${endpoint.database} for replication ${this.name} (ibm-data-guard)`,
        allowManager: roleSet === 'manager',
      });
      const grant = CloudantGrants.fromInstance(endpoint.instance).roleSets(identity, [roleSet], { database: endpoint.database });
      const key = identity.addApiKey('key', {
        name: `${this.name}-${which}`,
        rotationDays: props.keyRotationDays,
        expiryGraceDays: props.keyExpiryGraceDays,
        // the replicator exchanges it, from Cloudant's own network
        exchangedByService: CLOUDANT_SERVICE_NAME,
      });
      return { identity, grant, key };
    };
    const sourceSide = side('source', source, roles.source, 'Reads');
    const targetSide = side('target', target, roles.target, 'Writes');
    this.sourceIdentity = sourceSide.identity;
    this.sourceGrant = sourceSide.grant;
    this.sourceKey = sourceSide.key;
    this.targetIdentity = targetSide.identity;
    this.targetGrant = targetSide.grant;
    this.targetKey = targetSide.key;
    if (roles.target === 'manager') {
      const why = props.createTarget ? 'the replicator creates the target database (createTarget)' : 'design documents are replicated (replicateDesignDocuments)';
      Annotations.of(this).addWarning(`the target key holds Manager on database ${show(target.database)} because ${why}; Writer is enough otherwise`);
    }

    const sourceUrl = `${endpointUrl(source.instance, source.endpoint)}/${encodeURIComponent(source.database)}`;
    const targetUrl = `${endpointUrl(target.instance, target.endpoint)}/${encodeURIComponent(target.database)}`;
    const deployEndpoint = props.deployEndpoint ?? hostSide.endpoint ?? defaultEndpoint(this.host);
    const hostUrl = endpointUrl(this.host, deployEndpoint);
    const iamUrl = props.iamEndpoint ?? (deployEndpoint === 'private' ? PRIVATE_IAM_ENDPOINT : PUBLIC_IAM_ENDPOINT);
    const documentJson = Fn.jsonencode(replicationDocument(sourceUrl, targetUrl, props));

    // _replicator must exist first; referring to it orders this after it, in this stack or another
    const replicatorDatabase = this.host instanceof CloudantInstance || props.createReplicatorDatabase ? ReplicatorDatabase.of(this.host) : undefined;
    const deployer: Record<string, string> = props.deployerApiKeyVariable ? { REPLICATION_DEPLOYER_KEY_VARIABLE: props.deployerApiKeyVariable } : {};
    this.document = scriptStep(this, 'document', {
      script: 'replicator.cjs',
      description: `writes replication document ${this.documentId} (source and target keys included) to the host's _replicator`,
      // what the destroy-time command needs: Terraform lets it refer to nothing but this resource
      input: {
        host_url: hostUrl,
        document_id: this.documentId,
        iam_url: iamUrl,
        replicator_database: replicatorDatabase?.resource.id ?? '',
      },
      // a new key (rotation) or a changed document replaces the resource: delete, then write again
      triggersReplace: {
        document: documentJson,
        host_url: hostUrl,
        document_id: this.documentId,
        source_key_id: this.sourceKey.apiKeyId,
        target_key_id: this.targetKey.apiKeyId,
      },
      create: {
        command: 'put',
        environment: {
          REPLICATION_HOST_URL: hostUrl,
          REPLICATION_DOCUMENT_ID: this.documentId,
          REPLICATION_IAM_URL: iamUrl,
          REPLICATION_DOCUMENT: documentJson,
          ...deployer,
        },
        secretEnvironment: { REPLICATION_SOURCE_API_KEY: this.sourceKey.value, REPLICATION_TARGET_API_KEY: this.targetKey.value },
      },
      destroy: {
        command: 'delete',
        environmentFromInput: { REPLICATION_HOST_URL: 'host_url', REPLICATION_DOCUMENT_ID: 'document_id', REPLICATION_IAM_URL: 'iam_url' },
        environment: deployer,
      },
    });

    // the document is written once both keys have their access and the target database exists
    sourceSide.grant.applyBefore(this.document);
    targetSide.grant.applyBefore(this.document);
    if (targetDatabase && TerraformStack.of(targetDatabase) === TerraformStack.of(this)) this.document.dependsOn = [...(this.document.dependsOn ?? []), dependable(targetDatabase.resource)];

    this.registerStatus({ host_url: hostUrl, document_id: this.documentId, source_url: sourceUrl, target_url: targetUrl });
    this.node.addValidation({
      validate: () => {
        for (const warning of this.networkRuleWarnings(props)) Annotations.of(this).addWarning(warning);
        return [];
      },
    });
  }

  private claimDocumentId(subject: string): void {
    const documents = stateOf(this.host, DOCUMENTS_ID, () => new Map<string, string>());
    const other = documents.get(this.documentId);
    if (other !== undefined) {
      throwIfProblems(subject, [{ path: ['documentId'], message: `${show(this.documentId)} is already the document of replication ${other} on the same instance; give each replication its own documentId (or name)` }]);
    }
    documents.set(this.documentId, this.node.path);
  }

  // One `replications` output per stack, listing every replication in it, for the status command.
  private registerStatus(entry: StatusEntry): void {
    const stack = TerraformStack.of(this);
    const entries = stateOf(stack, STATUS_ID, () => {
      const all = new Map<string, StatusEntry>();
      new TerraformOutput(stack, 'replications', {
        value: Lazy.anyValue({ produce: () => Object.fromEntries(all) }),
        description: 'replication documents of this stack, for npm run replication-status (no secrets)',
      });
      return all;
    });
    if (entries.has(this.name)) {
      throwIfProblems(`CloudantReplication ${this.node.path}`, [{ path: ['name'], message: `${show(this.name)} is already the name of another replication in this stack; names must be unique per stack` }]);
    }
    entries.set(this.name, entry);
  }

  // IBM does not document whether replication traffic passes an enabled CBR rule: the
  // replicator on the host calls both sides, its own host included, from Cloudant's own
  // network, which a zone of a Cloudant rule cannot name (service references are refused there).
  private networkRuleWarnings(props: CloudantReplicationProps): string[] {
    return (['source', 'target'] as const).flatMap((which) => {
      const side = props[which];
      const endpoint = side.endpoint ?? defaultEndpoint(side.instance);
      const own = side.instance === this.host ? ' (its own host)' : '';
      return CloudantNetworkRule.rulesOn(side.instance)
        .filter((rule) => rule.enforcement === 'enabled')
        .map((rule) => {
          const allowed = rule.allowedEndpointTypes();
          const verdict = allowed.includes(endpoint)
            ? `restricts that endpoint to its zones, which cannot name Cloudant's network; IBM does not document that this traffic passes the rule`
            : `allows no request on the ${endpoint} endpoint (only ${allowed.join(' and ')}), so it blocks this traffic unless IBM exempts Cloudant's own`;
          return `the replicator on ${this.host.node.path} reaches the ${which} database ${show(side.database)} over the ${endpoint} endpoint of ${side.instance.node.path}${own}, from Cloudant's own network, and the enabled rule ${rule.node.path} ${verdict}. After deploying, run npm run replication-status: a crashing or failed state with a 403 error means the rule blocks it`;
        });
    });
  }
}

function defaultEndpoint(instance: ICloudantInstance): CloudantEndpoint {
  if (instance.serviceEndpoints !== undefined) return instance.serviceEndpoints === 'private' ? 'private' : 'public';
  return instance.publicUrl !== '' ? 'public' : 'private';
}

function endpointUrl(instance: ICloudantInstance, endpoint: CloudantEndpoint | undefined): string {
  // the side's choice, or the instance's default
  return (endpoint ?? defaultEndpoint(instance)) === 'private' ? instance.privateUrl : instance.publicUrl;
}

/**
 * Every problem with a replication's props. The environment loader runs the same checks,
 * so YAML and TypeScript users get the same messages.
 */
export function validateCloudantReplicationProps(props: CloudantReplicationProps): Problem[] {
  const problems: Problem[] = [...validateReplicationDocumentOptions(props)];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });

  if (!isUnresolved(props.name) && (typeof props.name !== 'string' || props.name.trim() === '')) add(['name'], 'the replication name is empty');
  const documentId = props.documentId ?? props.name;
  if (typeof documentId === 'string' && !isUnresolved(documentId) && documentId.trim() !== '' && !REPLICATION_DOCUMENT_ID_PATTERN.test(documentId)) {
    add([props.documentId === undefined ? 'name' : 'documentId'], `${show(documentId)} cannot be a replication document ID; use 1-128 letters, digits, . _ and -, starting with a letter or digit (IDs starting with _ are reserved)`);
  }
  for (const which of ['source', 'target'] as const) problems.push(...within([which], validateEndpoint(props[which], props)));

  const { source, target } = props;
  if (source.instance === target.instance && source.database === target.database) {
    add(['target', 'database'], `is the source database itself; replicate to another database or instance`);
  }
  if (props.createTarget && target.instance instanceof CloudantInstance) {
    add(['createTarget'], `the target instance is made by this app, so Terraform creates database ${show(target.database)}; remove createTarget (it would need Manager on the target)`);
  }
  const sourcePartitioned = source.instance instanceof CloudantInstance ? source.instance.database(source.database)?.partitioned : undefined;
  const targetPartitioned = target.instance instanceof CloudantInstance ? target.instance.database(target.database)?.partitioned : undefined;
  if (sourcePartitioned === false && targetPartitioned === true) {
    add(['target', 'database'], `${show(target.database)} is partitioned but the source database is not; its documents have no partition key, so the target would refuse them. Replicate into a database that is not partitioned`);
  }
  if (props.host !== undefined && props.host !== 'source' && props.host !== 'target') add(['host'], `${show(props.host)} is not source or target`);
  const host = props.host === 'source' ? source : target;
  if (props.createReplicatorDatabase && host.instance instanceof CloudantInstance) {
    add(['createReplicatorDatabase'], 'the host instance is made by this app, which always creates its _replicator database; remove createReplicatorDatabase');
  }
  if (props.deployEndpoint !== undefined) {
    const problem = endpointProblem(host.instance, props.deployEndpoint);
    if (problem) add(['deployEndpoint'], problem);
  }
  if (props.iamEndpoint !== undefined && !isUnresolved(props.iamEndpoint)) {
    let url: URL | undefined;
    try {
      url = new URL(props.iamEndpoint);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || (url.pathname !== '/' && url.pathname !== '') || url.search || url.username) {
      add(['iamEndpoint'], `${show(props.iamEndpoint)} is not an IAM endpoint; give the https:// base URL, such as ${PUBLIC_IAM_ENDPOINT} or ${PRIVATE_IAM_ENDPOINT}`);
    }
  }
  if (props.deployerApiKeyVariable !== undefined && !VARIABLE_NAME_PATTERN.test(props.deployerApiKeyVariable)) {
    add(['deployerApiKeyVariable'], `${show(props.deployerApiKeyVariable)} is not an environment variable name; use letters, digits and _, such as IBMCLOUD_API_KEY`);
  }
  for (const p of validateApiKeyOptions({ rotationDays: props.keyRotationDays, expiryGraceDays: props.keyExpiryGraceDays })) {
    add([p.path[0] === 'rotationDays' ? 'keyRotationDays' : 'keyExpiryGraceDays'], p.message);
  }
  return problems;
}

function validateEndpoint(endpoint: ReplicationEndpoint, props: CloudantReplicationProps): Problem[] {
  const problems: Problem[] = [];
  const { instance, database } = endpoint;
  if (isUnresolved(database)) {
    problems.push({ path: ['database'], message: 'must be a literal database name: the IAM policy of the side names it' });
  } else if (typeof database !== 'string' || database === '' || database.startsWith('_')) {
    problems.push({ path: ['database'], message: `${show(database)} cannot be replicated; name a database of the instance (system databases such as _replicator are not replicated)` });
  } else {
    const known = instance.databaseNames;
    const mayBeMissing = endpoint === props.target && (instance instanceof CloudantInstance || props.createTarget);
    if (known !== undefined && !known.includes(database) && !mayBeMissing) {
      problems.push({
        path: ['database'],
        message: `${show(database)} is not a database of ${instance.node.path} (it has ${known.length > 0 ? known.map((name) => show(name)).join(', ') : 'none'}); add the database to the instance, or fix the name`,
      });
    }
  }
  if (endpoint.endpoint !== undefined) {
    const problem = endpointProblem(instance, endpoint.endpoint);
    if (problem) problems.push({ path: ['endpoint'], message: problem });
  } else if (instance.serviceEndpoints === undefined && !isUnresolved(instance.publicUrl) && !isUnresolved(instance.privateUrl) && instance.publicUrl === '' && instance.privateUrl === '') {
    problems.push({ path: ['instance'], message: `${instance.node.path} has neither a public nor a private URL; pass publicUrl or privateUrl to CloudantInstance.fromAttributes` });
  }
  return problems;
}

function endpointProblem(instance: ICloudantInstance, endpoint: CloudantEndpoint): string | undefined {
  if (endpoint !== 'public' && endpoint !== 'private') return `${show(endpoint)} is not an endpoint; use public or private`;
  const served = instance.serviceEndpoints;
  if (served !== undefined) {
    if (served !== 'public-and-private' && served !== endpoint) {
      return `${instance.node.path} serves only ${served} endpoints (serviceEndpoints: ${served}); use ${served}, or change the instance's serviceEndpoints`;
    }
    return undefined;
  }
  const url = endpoint === 'public' ? instance.publicUrl : instance.privateUrl;
  if (!isUnresolved(url) && url === '') {
    return `${instance.node.path} has no ${endpoint} URL; pass ${endpoint}Url to CloudantInstance.fromAttributes, or use the other endpoint`;
  }
  return undefined;
}
