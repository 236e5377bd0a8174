import { Construct } from 'constructs';
import { Fn } from '../core/cdktf';
import { Cloudant } from '../core/ibm-bindings';
import { GUID_PATTERN as GUID } from '../core/identifiers';
import { validateRegion } from '../core/regions';
import { IResourceGroup } from '../core/resource-group';
import { validateTags } from '../core/tags';
import { isUnresolved, Problem, show, throwIfProblems, within } from '../core/validation';
import type { IIamIdentity } from '../iam/identity';
import { CloudantDatabase, CloudantDatabaseOptions, validateDatabaseOptions, validateManagedDatabaseName } from './database';
import type { ICloudantInstance } from './instance-ref';

export type { ICloudantInstance } from './instance-ref';
import { CloudantGrant, CloudantGrantOptions, CloudantGrants } from './grants';
import {
  CLOUDANT_PLANS,
  CLOUDANT_SERVICE_NAME,
  CloudantGeneration,
  cloudantGeneration,
  CloudantPlan,
  GEN1_MAX_CAPACITY,
  SERVICE_ENDPOINTS,
  ServiceEndpoints,
} from './plans';

export interface CloudantInstanceProps {
  /** the instance name shown in the IBM Cloud console */
  readonly name: string;
  /** `lite` and `standard` are Gen 1; `standard-gen2` is Gen 2. Switching generation later is not possible */
  readonly plan: CloudantPlan;
  /** the region the instance lives in, for example `us-east` (cannot change later) */
  readonly location: string;
  /**
   * Provisioned throughput: blocks on Gen 1 (1 to 100; lite is always 1), capacity units on Gen 2.
   * @default 1
   */
  readonly capacity?: number;
  /**
   * Send data events (document reads and writes) to Activity Tracker, not only management
   * events. Turn off only where nobody needs to know who read or wrote the data.
   * @default true
   */
  readonly dataEvents?: boolean;
  /**
   * Which networks the instance's endpoints are on. Private endpoints need Gen 2 or dedicated hardware.
   * @default - `private` where private endpoints are possible, otherwise `public`
   */
  readonly serviceEndpoints?: ServiceEndpoints;
  /**
   * Browser origins allowed by CORS, each a full `https://` origin. CORS stays off when empty.
   * @default - CORS is off
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Let browsers send credentials (cookies) with CORS requests. Only with `corsOrigins`.
   * @default false
   */
  readonly corsAllowCredentials?: boolean;
  /**
   * The resource group to place the instance in (cannot change later).
   * @default - the account's default resource group
   */
  readonly resourceGroup?: IResourceGroup;
  /**
   * IBM Cloud user tags.
   * @default - no tags
   */
  readonly tags?: readonly string[];
  /**
   * The CRN of a Gen 1 dedicated hardware environment to place a `standard` instance on.
   * @default - multi-tenant
   */
  readonly dedicatedHardwareEnvironmentCrn?: string;
  /**
   * Let Terraform destroy (or replace) the instance and, unless they say otherwise, its
   * databases, with every document in them. Protection is the default, as aws-cdk retains
   * stateful data: set this only for data you can lose, such as a scratch environment's.
   * @default false - `prevent_destroy` on the instance and its databases
   */
  readonly allowDestroy?: boolean;
  /**
   * Databases to create in the instance, by name. More can be added with `addDatabase`.
   * @default - none
   */
  readonly databases?: Readonly<Record<string, CloudantDatabaseOptions>>;
}

/** The attributes of a Cloudant instance made elsewhere. */
export interface CloudantInstanceAttributes {
  /** the instance CRN, `crn:v1:<cloud>:<type>:cloudantnosqldb:<region>:a/<account>:<guid>::` */
  readonly crn: string;
  /**
   * The instance GUID.
   * @default - read from the CRN
   */
  readonly guid?: string;
  /** the instance's plan */
  readonly plan: CloudantPlan;
  /**
   * The public endpoint URL.
   * @default ''
   */
  readonly publicUrl?: string;
  /**
   * The private endpoint URL.
   * @default ''
   */
  readonly privateUrl?: string;
  /**
   * The databases the instance holds, when known.
   * @default - unknown
   */
  readonly databaseNames?: readonly string[];
}

// Extension keys under which the Resource Controller reports the endpoints, per generation.
const ENDPOINT_KEYS: Record<CloudantGeneration, { public: string; private: string }> = {
  1: { public: 'endpoints.public', private: 'endpoints.private' },
  2: { public: 'dataservices.connection.public_endpoint_url', private: 'dataservices.connection.vpe_url' },
};


/**
 * An IAM-only Cloudant instance (`ibm_cloudant`).
 *
 * Legacy (username and password) credentials are always off: they are equivalent to
 * Manager, so every narrower IAM role would be a fiction beside them. No prop turns
 * them on.
 */
interface InstanceDescription {
  readonly crn: string;
  readonly guid: string;
  readonly plan: CloudantPlan;
  readonly publicUrl: string;
  readonly privateUrl: string;
}

/**
 * What an owned and an imported Cloudant instance share: the identifiers and endpoints
 * every reference carries, and grants, so an instance made elsewhere can be granted on as
 * easily as one of this app.
 */
export abstract class CloudantInstanceBase extends Construct implements ICloudantInstance {
  public abstract readonly serviceEndpoints: ServiceEndpoints | undefined;
  public abstract readonly databaseNames: readonly string[] | undefined;
  private description?: InstanceDescription;

  public get crn(): string {
    return this.described().crn;
  }

  public get guid(): string {
    return this.described().guid;
  }

  public get plan(): CloudantPlan {
    return this.described().plan;
  }

  public get generation(): CloudantGeneration {
    return cloudantGeneration(this.described().plan);
  }

  public get publicUrl(): string {
    return this.described().publicUrl;
  }

  public get privateUrl(): string {
    return this.described().privateUrl;
  }

  /** sets what every reference carries, once: owned instances know it only after making their resource */
  protected describe(description: InstanceDescription): void {
    this.description = description;
  }

  private described(): InstanceDescription {
    if (!this.description) throw new Error(`${this.node.path}: the instance is read before it is described`);
    return this.description;
  }

  /** grants on this instance; each is one IAM policy on the grantee */
  public get grants(): CloudantGrants {
    return CloudantGrants.fromInstance(this);
  }

  /** Reader on the instance, or on one database or a database prefix */
  public grantRead(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.grants.read(identity, options);
  }

  /** Writer (which includes reading) on the instance, or on one database or a database prefix */
  public grantWrite(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.grants.write(identity, options);
  }

  /** Manager; refused unless the identity has allowManager */
  public grantManage(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.grants.manage(identity, options);
  }

  /** Monitor: the monitoring endpoints (`_active_tasks`, `_scheduler`, `_up`) */
  public grantMonitor(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.grants.monitor(identity, options);
  }

  /** Checkpointer: `_local` checkpoint writes */
  public grantCheckpoint(identity: IIamIdentity, options: CloudantGrantOptions = {}): CloudantGrant {
    return this.grants.checkpoint(identity, options);
  }
}

export class CloudantInstance extends CloudantInstanceBase {
  /**
   * An instance made elsewhere, for grants and databases in this stack: it grants like an
   * instance of this app (`grantRead`, `grants.roleSets`, …).
   */
  public static fromAttributes(scope: Construct, id: string, attrs: CloudantInstanceAttributes): CloudantInstanceBase {
    throwIfProblems(`CloudantInstance.fromAttributes ${scope.node.path}/${id}`, validateCloudantInstanceAttributes(attrs));
    return new ImportedCloudantInstance(scope, id, attrs);
  }

  public readonly serviceEndpoints: ServiceEndpoints;
  /** the Terraform resource, for escape hatches */
  public readonly resource: Cloudant;
  private readonly databases = new Map<string, CloudantDatabase>();
  private readonly allowDestroy: boolean;

  constructor(scope: Construct, id: string, props: CloudantInstanceProps) {
    super(scope, id);
    throwIfProblems(`CloudantInstance ${this.node.path}`, validateCloudantInstanceProps(props));

    this.allowDestroy = props.allowDestroy ?? false;
    const cors = props.corsOrigins ?? [];
    this.serviceEndpoints = props.serviceEndpoints ?? defaultServiceEndpoints(props);
    this.resource = new Cloudant(this, 'Resource', {
      name: props.name,
      plan: props.plan,
      location: props.location,
      capacity: props.capacity ?? 1,
      legacyCredentials: false,
      includeDataEvents: props.dataEvents ?? true,
      serviceEndpoints: this.serviceEndpoints,
      // the provider turns CORS on unless told otherwise
      enableCors: cors.length > 0,
      corsConfig: cors.length > 0 ? { origins: [...cors], allowCredentials: props.corsAllowCredentials ?? false } : undefined,
      resourceGroupId: props.resourceGroup?.resourceGroupId,
      tags: props.tags && props.tags.length > 0 ? [...props.tags] : undefined,
      environmentCrn: props.dedicatedHardwareEnvironmentCrn,
      lifecycle: this.allowDestroy ? undefined : { preventDestroy: true },
    });

    const keys = ENDPOINT_KEYS[cloudantGeneration(props.plan)];
    this.describe({
      crn: this.resource.crn,
      guid: this.resource.guid,
      plan: props.plan,
      // try(): an instance without that endpoint has no such key (Fn.lookup drops a '' default)
      publicUrl: Fn.try([Fn.lookupNested(this.resource.extensions, [keys.public]), '']),
      privateUrl: Fn.try([Fn.lookupNested(this.resource.extensions, [keys.private]), '']),
    });

    for (const [name, options] of Object.entries(props.databases ?? {})) this.addDatabase(name, options);
  }

  public get databaseNames(): readonly string[] {
    return [...this.databases.keys()];
  }

  /**
   * Adds a database to the instance. Databases inherit the instance's `allowDestroy`
   * unless the options say otherwise.
   */
  public addDatabase(name: string, options: CloudantDatabaseOptions = {}): CloudantDatabase {
    if (this.databases.has(name)) {
      throwIfProblems(`CloudantInstance ${this.node.path}`, [{ path: ['databases', name], message: `database ${show(name)} is declared twice in this instance` }]);
    }
    const database = new CloudantDatabase(this, `db-${name}`, {
      instance: this,
      name,
      ...options,
      allowDestroy: options.allowDestroy ?? this.allowDestroy,
    });
    this.databases.set(name, database);
    return database;
  }

  /** the database of that name declared in this stack, if any */
  public database(name: string): CloudantDatabase | undefined {
    return this.databases.get(name);
  }
}

class ImportedCloudantInstance extends CloudantInstanceBase {
  public readonly serviceEndpoints = undefined;
  public readonly databaseNames: readonly string[] | undefined;

  constructor(scope: Construct, id: string, attrs: CloudantInstanceAttributes) {
    super(scope, id);
    this.describe({
      crn: attrs.crn,
      guid: attrs.guid ?? (isUnresolved(attrs.crn) ? Fn.element(Fn.split(':', attrs.crn), 7) : attrs.crn.split(':')[7]!),
      plan: attrs.plan,
      publicUrl: attrs.publicUrl ?? '',
      privateUrl: attrs.privateUrl ?? '',
    });
    this.databaseNames = attrs.databaseNames;
  }
}

function defaultServiceEndpoints(props: CloudantInstanceProps): ServiceEndpoints {
  return privateEndpointsPossible(props) ? 'private' : 'public';
}

function privateEndpointsPossible(props: Pick<CloudantInstanceProps, 'plan' | 'dedicatedHardwareEnvironmentCrn'>): boolean {
  return cloudantGeneration(props.plan) === 2 || props.dedicatedHardwareEnvironmentCrn !== undefined;
}

/** Instance props as far as they can be checked before defaults fill in the name and location. */
export type CloudantInstanceCheck = Omit<CloudantInstanceProps, 'name' | 'location'> & {
  readonly name?: string;
  readonly location?: string;
};

/**
 * Every problem with a set of instance props, with the prop path of each. The environment
 * loader runs the same checks, so YAML and TypeScript users get the same messages.
 */
export function validateCloudantInstanceProps(props: CloudantInstanceCheck): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const { plan } = props;

  if (props.name !== undefined && !isUnresolved(props.name) && props.name.trim() === '') add(['name'], 'the instance name is empty');

  if (!(CLOUDANT_PLANS as readonly string[]).includes(plan)) {
    add(['plan'], `${show(plan)} is not a Cloudant plan this library provisions; use one of ${CLOUDANT_PLANS.join(', ')}`);
    return problems; // every other rule depends on the plan
  }

  problems.push(...validateRegion('location', props.location));

  const capacity = props.capacity;
  if (capacity !== undefined && !isUnresolved(capacity)) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      add(['capacity'], `${show(capacity)} is not a valid capacity; use a whole number of at least 1`);
    } else if (plan === 'lite' && capacity !== 1) {
      add(['capacity'], `${capacity} is not possible on the lite plan, whose capacity is fixed at 1; remove capacity or use plan standard or standard-gen2`);
    } else if (plan === 'standard' && capacity > GEN1_MAX_CAPACITY) {
      add(['capacity'], `${capacity} blocks is more than the ${GEN1_MAX_CAPACITY} that Gen 1 standard instances accept; use at most ${GEN1_MAX_CAPACITY}, or ask IBM support for more`);
    }
  }

  const endpoints = props.serviceEndpoints;
  if (endpoints !== undefined) {
    if (!(SERVICE_ENDPOINTS as readonly string[]).includes(endpoints)) {
      add(['serviceEndpoints'], `${show(endpoints)} is not a service endpoint choice; use one of ${SERVICE_ENDPOINTS.join(', ')}`);
    } else if (endpoints !== 'public' && !privateEndpointsPossible(props)) {
      add(['serviceEndpoints'], `${show(endpoints)} needs private endpoints, which Gen 1 multi-tenant instances (plan ${plan}) do not have; use public, choose plan standard-gen2, or place the instance on dedicated hardware`);
    }
  }

  const origins = props.corsOrigins ?? [];
  origins.forEach((origin, index) => {
    const problem = checkCorsOrigin(origin);
    if (problem) add(['corsOrigins', index], problem);
  });
  if (props.corsAllowCredentials !== undefined && origins.length === 0) {
    add(['corsAllowCredentials'], 'has no effect while CORS is off; list corsOrigins or remove corsAllowCredentials');
  }

  problems.push(...within(['tags'], validateTags(props.tags ?? [])));

  const environmentCrn = props.dedicatedHardwareEnvironmentCrn;
  if (environmentCrn !== undefined) {
    if (plan !== 'standard') {
      add(['dedicatedHardwareEnvironmentCrn'], `dedicated hardware hosts Gen 1 standard instances only, not plan ${plan}; use plan standard or remove dedicatedHardwareEnvironmentCrn`);
    } else if (!isUnresolved(environmentCrn) && !environmentCrn.startsWith('crn:v1:')) {
      add(['dedicatedHardwareEnvironmentCrn'], `${show(environmentCrn)} is not a CRN; pass the CRN of the dedicated hardware environment (crn:v1:…)`);
    }
  }

  for (const [name, options] of Object.entries(props.databases ?? {})) {
    problems.push(...within(['databases', name], validateManagedDatabaseName(name)));
    problems.push(...within(['databases', name], validateDatabaseOptions(options)));
  }
  return problems;
}

function checkCorsOrigin(origin: string): string | undefined {
  if (isUnresolved(origin)) return undefined;
  if (origin.includes('*')) return `${show(origin)}: wildcard origins are not allowed; list each https origin`;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `${show(origin)} is not a URL; use a full origin such as "https://app.example.com"`;
  }
  if (url.protocol !== 'https:') return `${show(origin)} is not an https origin; CORS origins must use https://`;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return `${show(origin)} is not a bare origin; use only scheme, host and port, such as "${url.origin}"`;
  }
  return undefined;
}

export function validateCloudantInstanceAttributes(attrs: CloudantInstanceAttributes): Problem[] {
  const problems: Problem[] = [];
  if (!(CLOUDANT_PLANS as readonly string[]).includes(attrs.plan)) {
    problems.push({ path: ['plan'], message: `${show(attrs.plan)} is not a Cloudant plan; use one of ${CLOUDANT_PLANS.join(', ')}` });
  }
  const crnGuid = isUnresolved(attrs.crn) ? undefined : checkInstanceCrn(attrs.crn, problems);
  if (attrs.guid !== undefined && !isUnresolved(attrs.guid)) {
    if (attrs.guid.startsWith('crn:')) {
      problems.push({ path: ['guid'], message: `${show(attrs.guid)} is a CRN, not a GUID; pass the CRN as crn and the GUID (the 8-4-4-4-12 part of the CRN) as guid` });
    } else if (!GUID.test(attrs.guid)) {
      problems.push({ path: ['guid'], message: `${show(attrs.guid)} is not a GUID; an instance GUID looks like 1b2c3d4e-0000-4000-8000-0123456789ab` });
    } else if (crnGuid !== undefined && crnGuid !== attrs.guid) {
      problems.push({ path: ['guid'], message: `${show(attrs.guid)} is not the GUID in the CRN (${crnGuid}); leave guid out to read it from the CRN` });
    }
  }
  return problems;
}

/** checks a Cloudant instance CRN and returns the GUID it names */
function checkInstanceCrn(crn: string, problems: Problem[]): string | undefined {
  if (GUID.test(crn)) {
    problems.push({ path: ['crn'], message: `${show(crn)} is a GUID, not a CRN; pass the instance CRN (crn:v1:…:cloudantnosqldb:…) as crn and the GUID as guid` });
    return undefined;
  }
  const parts = crn.split(':');
  if (parts.length !== 10 || parts[0] !== 'crn' || parts[1] !== 'v1' || parts[4] !== CLOUDANT_SERVICE_NAME || !GUID.test(parts[7] ?? '')) {
    problems.push({ path: ['crn'], message: `${show(crn)} is not a Cloudant instance CRN; expected crn:v1:<cloud>:<type>:${CLOUDANT_SERVICE_NAME}:<region>:a/<account>:<guid>:: (ibmcloud resource service-instance <name> shows it)` });
    return undefined;
  }
  return parts[7];
}
