import { Construct } from 'constructs';
import { Fn } from '../core/cdktf';
import { DataIbmDb2ConnectionInfo, Db2 } from '../core/ibm-bindings';
import { IResourceGroup } from '../core/resource-group';
import { validateTags } from '../core/tags';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import type { IIamIdentity } from '../iam/identity';
import {
  DB2_CREATE_TIMEOUT,
  DB2_PERFORMANCE_REGIONS,
  DB2_PLANS,
  DB2_SERVICE_ENDPOINTS,
  DB2_SERVICE_NAME,
  db2ApiUrl,
  Db2Plan,
  Db2ServiceEndpoints,
  REFUSED_DB2_PLANS,
} from './facts';
import type { Db2ConnectionEndpoint, Db2Endpoint, IDb2Instance } from './instance-ref';
import { Db2User, Db2UserOptions } from './user';

export type { Db2ConnectionEndpoint, Db2Endpoint, IDb2Instance } from './instance-ref';

export interface Db2InstanceProps {
  /** the instance name shown in the IBM Cloud console */
  readonly name: string;
  /** a region of the Performance plan, for example `us-south` (cannot change later) */
  readonly location: string;
  /**
   * The plan. Standard and Enterprise are deprecated and refused; Lite has no IAM.
   * @default 'performance'
   */
  readonly plan?: Db2Plan;
  /**
   * A second node that takes over when the first fails.
   * @default true
   */
  readonly highAvailability?: boolean;
  /**
   * Where backups are kept (the Resource Controller's `backup-locations`), for example a
   * cross-regional location.
   * @default - IBM's default for the region
   */
  readonly backupLocation?: string;
  /**
   * Which networks the instance's endpoints are on. Private endpoints are reached through a
   * VPE from a VPC.
   * @default 'public-and-private'
   */
  readonly serviceEndpoints?: Db2ServiceEndpoints;
  /**
   * The endpoint Terraform's machine reaches the SQL endpoint through, to grant privileges.
   * @default - public, or private when the instance serves only private endpoints
   */
  readonly deployEndpoint?: Db2Endpoint;
  /**
   * Your own key for disk encryption: the CRN of a Key Protect or Hyper Protect Crypto
   * Services root key, with `diskEncryptionInstanceCrn`.
   * @default - IBM-managed keys
   */
  readonly diskEncryptionKeyCrn?: string;
  /** the CRN of the key's Key Protect or HPCS instance; with `diskEncryptionKeyCrn` */
  readonly diskEncryptionInstanceCrn?: string;
  /** @default - the account's default resource group */
  readonly resourceGroup?: IResourceGroup;
  /** @default - no tags */
  readonly tags?: readonly string[];
  /**
   * Let Terraform destroy (or replace) the instance with every table in it. Protection is
   * the default, as for Cloudant.
   * @default false - `prevent_destroy` on the instance
   */
  readonly allowDestroy?: boolean;
  /**
   * How long Terraform waits for the instance to be created. IBM suggests hours.
   * @default '720m'
   */
  readonly createTimeout?: string;
  /**
   * The Db2 SaaS REST API base URL for users (an open point: see the README).
   * @default - https://<location>.db2.saas.ibm.com/dbapi/v4
   */
  readonly apiEndpoint?: string;
}

export interface Db2InstanceAttributes {
  /** the instance CRN, `crn:v1:<cloud>:<type>:dashdb-for-transactions:<region>:a/<account>:<guid>::` */
  readonly crn: string;
  /**
   * Which networks the instance serves.
   * @default - unknown: both endpoints are read, each '' when absent
   */
  readonly serviceEndpoints?: Db2ServiceEndpoints;
  /** @default - public, or private when serviceEndpoints is private */
  readonly deployEndpoint?: Db2Endpoint;
  /** @default - https://<region>.db2.saas.ibm.com/dbapi/v4 */
  readonly apiEndpoint?: string;
  /** @default - the construct ID */
  readonly name?: string;
}

/**
 * What an owned and an imported instance share: the connection details IBM's API reports,
 * read through `ibm_db2_connection_info`, and the mapping of identities to Db2 users.
 */
export abstract class Db2InstanceBase extends Construct implements IDb2Instance {
  public abstract readonly crn: string;
  public abstract readonly displayName: string;
  public abstract readonly region: string;
  public abstract readonly apiUrl: string;
  public abstract readonly deployEndpoint: Db2Endpoint;
  public abstract readonly serviceEndpoints: Db2ServiceEndpoints | undefined;
  private connectionInfo?: DataIbmDb2ConnectionInfo;

  public get publicConnection(): Db2ConnectionEndpoint {
    return this.endpoint('public');
  }

  public get privateConnection(): Db2ConnectionEndpoint {
    return this.endpoint('private');
  }

  /** maps an identity to a Db2 user of this instance, with its privileges */
  public grantAccess(identity: IIamIdentity, options: Db2UserOptions): Db2User {
    // a user ID taken already gets another construct ID, so Db2User's own check explains it
    const id = this.node.tryFindChild(`user-${options.userId}`) ? `user-${options.userId}-${this.node.children.length}` : `user-${options.userId}`;
    return new Db2User(this, id, { ...options, instance: this, identity });
  }

  // one data source per instance, made when first asked for
  private endpoint(which: Db2Endpoint): Db2ConnectionEndpoint {
    this.connectionInfo ??= new DataIbmDb2ConnectionInfo(this, 'connection-info', {
      // the path parameter is the URL-encoded CRN, the header the CRN itself (provider 2.5.0)
      deploymentId: Fn.urlencode(this.crn),
      xDeploymentId: this.crn,
    });
    const list = which === 'public' ? this.connectionInfo.public : this.connectionInfo.private;
    // an instance without that endpoint reports an empty list: '' rather than a failed apply
    const read = (attribute: string) => Fn.try([Fn.lookup(Fn.element(list, 0), attribute), '']);
    return { hostname: read('hostname'), sslPort: read('ssl_port'), databaseName: read('database_name') };
  }
}

/**
 * A Db2 on Cloud instance (`ibm_db2`, service `dashdb-for-transactions`) on the
 * Performance plan. It never writes `users_config` or `allowlist_config`: the provider
 * swallows their errors, never reads them back, keeps passwords unmarked in state, and
 * ignores allowlist changes after create. Db2 users come from `grantAccess`, which
 * applies and verifies them through the Db2 REST API.
 */
export class Db2Instance extends Db2InstanceBase {
  /** An instance made elsewhere, to map identities to Db2 users of it. */
  public static fromAttributes(scope: Construct, id: string, attrs: Db2InstanceAttributes): Db2InstanceBase {
    throwIfProblems(`Db2Instance.fromAttributes ${scope.node.path}/${id}`, validateDb2InstanceAttributes(attrs));
    return new ImportedDb2Instance(scope, id, attrs);
  }

  public readonly crn: string;
  public readonly guid: string;
  public readonly displayName: string;
  public readonly region: string;
  public readonly apiUrl: string;
  public readonly deployEndpoint: Db2Endpoint;
  public readonly serviceEndpoints: Db2ServiceEndpoints;
  /** the Terraform resource, for escape hatches */
  public readonly resource: Db2;

  constructor(scope: Construct, id: string, props: Db2InstanceProps) {
    super(scope, id);
    throwIfProblems(`Db2Instance ${this.node.path}`, validateDb2InstanceProps(props));
    this.serviceEndpoints = props.serviceEndpoints ?? 'public-and-private';
    this.resource = new Db2(this, 'Resource', {
      name: props.name,
      service: DB2_SERVICE_NAME,
      plan: props.plan ?? 'performance',
      location: props.location,
      highAvailability: (props.highAvailability ?? true) ? 'yes' : 'no',
      backupLocation: props.backupLocation,
      serviceEndpoints: this.serviceEndpoints,
      diskEncryptionKeyCrn: props.diskEncryptionKeyCrn,
      diskEncryptionInstanceCrn: props.diskEncryptionInstanceCrn,
      resourceGroupId: props.resourceGroup?.resourceGroupId,
      tags: props.tags && props.tags.length > 0 ? [...props.tags] : undefined,
      timeouts: { create: props.createTimeout ?? DB2_CREATE_TIMEOUT },
      lifecycle: props.allowDestroy ? undefined : { preventDestroy: true },
    });
    this.crn = this.resource.crn;
    this.guid = this.resource.guid;
    this.displayName = isUnresolved(props.name) ? this.node.id : props.name;
    this.region = props.location;
    this.apiUrl = props.apiEndpoint ?? db2ApiUrl(props.location);
    this.deployEndpoint = props.deployEndpoint ?? (this.serviceEndpoints === 'private' ? 'private' : 'public');
  }
}

class ImportedDb2Instance extends Db2InstanceBase {
  public readonly crn: string;
  public readonly displayName: string;
  public readonly region: string;
  public readonly apiUrl: string;
  public readonly deployEndpoint: Db2Endpoint;
  public readonly serviceEndpoints: Db2ServiceEndpoints | undefined;

  constructor(scope: Construct, id: string, attrs: Db2InstanceAttributes) {
    super(scope, id);
    this.crn = attrs.crn;
    this.region = attrs.crn.split(':')[5]!;
    this.displayName = attrs.name ?? id;
    this.apiUrl = attrs.apiEndpoint ?? db2ApiUrl(this.region);
    this.serviceEndpoints = attrs.serviceEndpoints;
    this.deployEndpoint = attrs.deployEndpoint ?? (attrs.serviceEndpoints === 'private' ? 'private' : 'public');
  }
}

/** Instance props as far as they can be checked before defaults fill in the name and location. */
export type Db2InstanceCheck = Omit<Db2InstanceProps, 'name' | 'location' | 'plan'> & { readonly name?: string; readonly location?: string; readonly plan?: string };

/**
 * Every problem with a set of instance props. The environment loader runs the same checks,
 * so YAML and TypeScript users get the same messages.
 */
export function validateDb2InstanceProps(props: Db2InstanceCheck): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });

  if (props.name !== undefined && !isUnresolved(props.name) && props.name.trim() === '') add(['name'], 'the instance name is empty');
  const plan = props.plan;
  if (plan !== undefined && !(DB2_PLANS as readonly string[]).includes(plan)) {
    const refused = REFUSED_DB2_PLANS[plan.toLowerCase()];
    add(['plan'], refused ? `${show(plan)} ${refused}` : `${show(plan)} is not a Db2 on Cloud plan this library provisions; use ${DB2_PLANS.join(', ')}`);
  }
  if (props.location !== undefined && !isUnresolved(props.location) && !(DB2_PERFORMANCE_REGIONS as readonly string[]).includes(props.location)) {
    add(['location'], `${show(props.location)} is not a region of the Db2 Performance plan; use one of ${DB2_PERFORMANCE_REGIONS.join(', ')}`);
  }
  const endpoints = props.serviceEndpoints;
  if (endpoints !== undefined && !(DB2_SERVICE_ENDPOINTS as readonly string[]).includes(endpoints)) {
    add(['serviceEndpoints'], `${show(endpoints)} is not a service endpoint choice; use one of ${DB2_SERVICE_ENDPOINTS.join(', ')}`);
  } else {
    problems.push(...deployEndpointProblems(props.deployEndpoint, endpoints ?? 'public-and-private'));
  }
  const key = props.diskEncryptionKeyCrn;
  const keyInstance = props.diskEncryptionInstanceCrn;
  if ((key === undefined) !== (keyInstance === undefined)) {
    add([key === undefined ? 'diskEncryptionKeyCrn' : 'diskEncryptionInstanceCrn'], 'is needed too: give both the root key CRN and the CRN of its Key Protect or HPCS instance, or neither');
  }
  for (const [field, value, service] of [
    ['diskEncryptionKeyCrn', key, 'a root key'],
    ['diskEncryptionInstanceCrn', keyInstance, 'a Key Protect or HPCS instance'],
  ] as const) {
    if (value !== undefined && !isUnresolved(value)) {
      const parts = value.split(':');
      if (parts[0] !== 'crn' || parts[1] !== 'v1' || !['kms', 'hs-crypto'].includes(parts[4] ?? '')) {
        add([field], `${show(value)} is not the CRN of ${service}; expected crn:v1:…:kms:… (Key Protect) or crn:v1:…:hs-crypto:… (HPCS)`);
      }
    }
  }
  if (props.backupLocation !== undefined && !isUnresolved(props.backupLocation) && props.backupLocation.trim() === '') {
    add(['backupLocation'], "is empty; name a backup location, or leave it out for IBM's default");
  }
  if (props.createTimeout !== undefined && !isUnresolved(props.createTimeout) && !/^\d+(h|m)$/.test(props.createTimeout)) {
    add(['createTimeout'], `${show(props.createTimeout)} is not a duration Terraform reads here; write minutes or hours, such as 720m or 12h`);
  }
  problems.push(...apiEndpointProblems(props.apiEndpoint));
  for (const p of validateTags(props.tags ?? [])) problems.push({ ...p, path: ['tags', ...p.path] });
  return problems;
}

export function validateDb2InstanceAttributes(attrs: Db2InstanceAttributes): Problem[] {
  const problems: Problem[] = [];
  const parts = typeof attrs.crn === 'string' ? attrs.crn.split(':') : [];
  if (isUnresolved(attrs.crn)) {
    problems.push({ path: ['crn'], message: 'must be a literal CRN: the region in it decides the API endpoint; for an instance of this app, pass the Db2Instance itself' });
  } else if (parts.length !== 10 || parts[0] !== 'crn' || parts[1] !== 'v1' || parts[4] !== DB2_SERVICE_NAME || parts[5] === '') {
    problems.push({ path: ['crn'], message: `${show(attrs.crn)} is not a Db2 on Cloud instance CRN; expected crn:v1:<cloud>:<type>:${DB2_SERVICE_NAME}:<region>:a/<account>:<guid>:: (ibmcloud resource service-instance <name> shows it)` });
  }
  if (attrs.serviceEndpoints !== undefined && !(DB2_SERVICE_ENDPOINTS as readonly string[]).includes(attrs.serviceEndpoints)) {
    problems.push({ path: ['serviceEndpoints'], message: `${show(attrs.serviceEndpoints)} is not a service endpoint choice; use one of ${DB2_SERVICE_ENDPOINTS.join(', ')}` });
  } else if (attrs.serviceEndpoints !== undefined) {
    problems.push(...deployEndpointProblems(attrs.deployEndpoint, attrs.serviceEndpoints));
  }
  problems.push(...apiEndpointProblems(attrs.apiEndpoint));
  return problems;
}

function deployEndpointProblems(deployEndpoint: string | undefined, served: Db2ServiceEndpoints): Problem[] {
  if (deployEndpoint === undefined) return [];
  if (deployEndpoint !== 'public' && deployEndpoint !== 'private') return [{ path: ['deployEndpoint'], message: `${show(deployEndpoint)} is not an endpoint; use public or private` }];
  if (served !== 'public-and-private' && served !== deployEndpoint) {
    return [{ path: ['deployEndpoint'], message: `the instance serves only ${served} endpoints (serviceEndpoints: ${served}); use ${served}, or change serviceEndpoints` }];
  }
  return [];
}

function apiEndpointProblems(apiEndpoint: string | undefined): Problem[] {
  if (apiEndpoint === undefined || isUnresolved(apiEndpoint)) return [];
  let url: URL | undefined;
  try {
    url = new URL(apiEndpoint);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.username || url.search || !url.pathname.replace(/\/+$/, '').endsWith('/dbapi/v4')) {
    return [{ path: ['apiEndpoint'], message: `${show(apiEndpoint)} is not a Db2 REST API base URL; give https://<host>/dbapi/v4, such as ${db2ApiUrl('us-south')}` }];
  }
  return [];
}
