import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from '../constructs/core/cdktf';
import { IbmProvider } from '../constructs/core/ibm-bindings';
import { IResourceGroup, ResourceGroup } from '../constructs/core/resource-group';
import { mergeTags } from '../constructs/core/tags';
import { ValidationError } from '../constructs/core/validation';
import { CloudantInstance } from '../constructs/cloudant/instance';
import { configureBackend } from './backend';
import type { EnvironmentDefinition } from './load';
import { EnvironmentError, FieldPath } from './problems';
import type { CloudantEntry } from './schema';

/**
 * The stack of one environment file: the IBM provider for its account and region, its
 * state backend, and everything the file declares.
 */
export class EnvironmentStack extends TerraformStack {
  /** the Cloudant instances, by their key in the file */
  public readonly cloudant: ReadonlyMap<string, CloudantInstance>;
  private readonly environment: EnvironmentDefinition;
  private readonly resourceGroups = new Map<string, IResourceGroup>();

  constructor(scope: Construct, environment: EnvironmentDefinition) {
    super(scope, environment.name);
    this.environment = environment;
    const { account, backend } = environment.settings;

    // The API key comes only from IBMCLOUD_API_KEY (or IC_API_KEY) when Terraform runs.
    new IbmProvider(this, 'ibm', {
      region: account.region,
      visibility: account.endpoints,
    });
    configureBackend(this, backend, account.region);

    const cloudant = new Map<string, CloudantInstance>();
    for (const [key, entry] of Object.entries(environment.settings.cloudant ?? {})) {
      cloudant.set(key, this.build(['cloudant', key], () => this.cloudantInstance(key, entry)));
    }
    this.cloudant = cloudant;
  }

  private cloudantInstance(key: string, entry: CloudantEntry): CloudantInstance {
    const { settings, production, name } = this.environment;
    const instance = new CloudantInstance(this, `cloudant-${key}`, {
      name: entry.name ?? `${key}-${name}`,
      plan: entry.plan,
      location: entry.location ?? settings.account.region,
      capacity: entry.capacity,
      dataEvents: entry.dataEvents ?? production,
      serviceEndpoints: entry.serviceEndpoints,
      corsOrigins: entry.corsOrigins,
      corsAllowCredentials: entry.corsAllowCredentials,
      resourceGroup: this.resourceGroup(entry.resourceGroup ?? settings.account.resourceGroup, entry.resourceGroupId ?? settings.account.resourceGroupId),
      tags: mergeTags(settings.tags, entry.tags),
      dedicatedHardwareEnvironmentCrn: entry.dedicatedHardwareEnvironmentCrn,
      preventDestroy: entry.preventDestroy ?? production,
      databases: entry.databases,
    });
    const output = (suffix: string, value: string, description: string) =>
      new TerraformOutput(this, `cloudant_${key}_${suffix}`, { value, description });
    output('crn', instance.crn, `CRN of Cloudant instance ${key} (for ibm_cloudant_database.instance_crn)`);
    output('guid', instance.guid, `GUID of Cloudant instance ${key} (for IAM policies and CBR rules)`);
    output('public_url', instance.publicUrl, `public endpoint of Cloudant instance ${key}`);
    output('private_url', instance.privateUrl, `private endpoint of Cloudant instance ${key}`);
    return instance;
  }

  /** one lookup per resource group name, shared by every resource that names it */
  private resourceGroup(name: string | undefined, id: string | undefined): IResourceGroup | undefined {
    if (id !== undefined) return ResourceGroup.fromId(id);
    if (name === undefined) return undefined;
    let group = this.resourceGroups.get(name);
    if (!group) {
      group = ResourceGroup.fromName(this, `resource-group-${name}`, name);
      this.resourceGroups.set(name, group);
    }
    return group;
  }

  /** builds one entry of the file, pointing any construct error at the entry's lines */
  private build<T>(path: FieldPath, make: () => T): T {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new EnvironmentError(error.problems.map((p) => this.environment.source.problem([...path, ...p.path], p.message)));
    }
  }
}
