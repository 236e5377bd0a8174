import { Construct, IConstruct } from 'constructs';
import { TerraformOutput, TerraformStack } from '../constructs/core/cdktf';
import { IbmProvider } from '../constructs/core/ibm-bindings';
import { IResourceGroup, ResourceGroup } from '../constructs/core/resource-group';
import { placeScriptSteps } from '../constructs/core/script-steps';
import { mergeTags } from '../constructs/core/tags';
import { ValidationError } from '../constructs/core/validation';
import { DataPlaneAccess } from '../constructs/cloudant/data-plane';
import type { CloudantDatabaseOptions } from '../constructs/cloudant/database';
import { CloudantInstance, ICloudantInstance } from '../constructs/cloudant/instance';
import { Db2Instance } from '../constructs/db2/instance';
import type { Db2Privileges } from '../constructs/db2/privileges';
import { CloudantReplication, ReplicationEndpoint } from '../constructs/replication/cloudant-replication';
import { CloudantRoleSetName } from '../constructs/cloudant/roles';
import { AccessGroup } from '../constructs/iam/access-group';
import { IDENTITY_KIND_LABELS, IIamIdentity } from '../constructs/iam/identity';
import { ServiceIdentity } from '../constructs/iam/service-identity';
import { TrustedProfile } from '../constructs/iam/trusted-profile';
import { AccountSecurity } from '../constructs/account/account-security';
import { CloudantEndpointType, CloudantNetworkRule, CloudantNetworkRuleProps } from '../constructs/network/cloudant-network-rule';
import { IamIpAllowlist, IIamIpAllowlist } from '../constructs/network/ip-allowlist';
import { INetworkZone, NetworkZone, NetworkZoneAddresses } from '../constructs/network/network-zone';
import { ZoneAddress } from '../constructs/network/zone-address';
import { closestMatch } from '../constructs/core/closest';
import { Guardrails } from '../guardrails/aspect';
import { configureBackend } from './backend';
import { engineOf } from './engine';
import type { EnvironmentDefinition } from './load';
import { EnvironmentError, EnvironmentProblem, FieldPath } from './problems';
import { zoneAddressOf, type AccountSecurityEntry, type CloudantRuleEntry, type NetworkSection, type ZoneEntry } from './network-schema';
import type { ApiKeyEntry, CloudantEntry, Db2AccessEntry, Db2InstanceEntry, IdentityEntry } from './schema';
import type { ReplicationEntry, ReplicationSideEntry } from './replication-schema';
import type { GuardrailsSection } from './guardrails-schema';

/**
 * The stack of one environment file: the IBM provider for its account and region, its
 * state backend, and everything the file declares.
 */
export class EnvironmentStack extends TerraformStack {
  /** the Cloudant instances, by their key in the file */
  public readonly cloudant: ReadonlyMap<string, CloudantInstance>;
  /** the Db2 instances, by their key in the file */
  public readonly db2: ReadonlyMap<string, Db2Instance>;
  /** the identities, by their key in the file */
  public readonly identities: ReadonlyMap<string, IIamIdentity>;
  /** the CBR network zones, by their key in the file */
  public readonly zones: ReadonlyMap<string, INetworkZone>;
  /** the replications, by their key in the file */
  public readonly replications: ReadonlyMap<string, CloudantReplication>;
  /** the account's IAM settings, when the file manages them */
  public readonly accountSecurity: AccountSecurity | undefined;
  private readonly environment: EnvironmentDefinition;
  private readonly resourceGroups = new Map<string, IResourceGroup>();
  /** the construct of each entry of the file, by dotted path, for suppressions to name */
  private readonly entries = new Map<string, IConstruct>();
  /** every problem of every entry: building goes on past a bad entry, so one run reports all */
  private readonly problems: EnvironmentProblem[] = [];

  constructor(scope: Construct, environment: EnvironmentDefinition) {
    super(scope, environment.name);
    this.environment = environment;
    const { account, backend } = environment.settings;

    // The API key comes only from IBMCLOUD_API_KEY (or IC_API_KEY) when Terraform runs.
    new IbmProvider(this, 'ibm', {
      region: account.region,
      visibility: account.endpoints,
    });
    const engine = engineOf(environment.settings);
    configureBackend(this, backend, account.region, engine);
    // the steps that need our scripts run inside Terraform only where the engine has Node.js
    placeScriptSteps(this, {
      placement: engine === 'schematics' || (engine === 'hcp' && !environment.settings.hcpAgentRunsNode) ? 'post-apply' : 'terraform',
      engine: engine === 'hcp' ? (environment.settings.hcpAgentRunsNode ? 'an HCP Terraform agent with Node.js' : 'HCP Terraform') : engine === 'schematics' ? 'IBM Schematics' : 'local',
    });
    if (account.dataPlaneAccess !== undefined) this.build(['account', 'dataPlaneAccess'], () => DataPlaneAccess.declare(this, account.dataPlaneAccess!));

    const cloudant = new Map<string, CloudantInstance>();
    for (const [key, entry] of Object.entries(environment.settings.cloudant ?? {})) {
      keep(cloudant, key, this.build(['cloudant', key], () => this.cloudantInstance(key, entry)));
    }
    this.cloudant = cloudant;
    const db2 = new Map<string, Db2Instance>();
    for (const [key, entry] of Object.entries(environment.settings.db2 ?? {})) {
      keep(db2, key, this.build(['db2', key], () => this.db2Instance(key, entry)));
    }
    this.db2 = db2;

    // identities first, then what refers to them: grants, keys, group members
    const identities = new Map<string, IIamIdentity>();
    const entries = Object.entries(environment.settings.identities ?? {});
    for (const [key, entry] of entries) {
      keep(identities, key, this.build(['identities', key], () => this.identity(key, entry)));
    }
    this.identities = identities;
    for (const [key, entry] of entries) {
      const identity = identities.get(key);
      // an identity that could not be built is reported already; what refers to it is skipped
      if (identity === undefined) continue;
      entry.grants?.forEach((grant, index) =>
        this.build(['identities', key, 'grants', index], () =>
          need(cloudant.get(grant.instance)).grants.roleSets(identity, grant.roles as CloudantRoleSetName[], { database: grant.database, databasePrefix: grant.databasePrefix }),
        ),
      );
      entry.db2?.forEach((access, index) => this.build(['identities', key, 'db2', index], () => this.db2Access(identity, access)));
      if (entry.kind === 'serviceId') {
        for (const [keyName, keyEntry] of Object.entries(entry.keys ?? {})) {
          this.build(['identities', key, 'keys', keyName], () => this.apiKey(key, identity as ServiceIdentity, keyName, keyEntry));
        }
      }
      if (entry.kind === 'accessGroup') {
        for (const member of entry.members ?? []) {
          const target = identities.get(member);
          if (target instanceof ServiceIdentity) (identity as AccessGroup).addServiceIdentity(target);
          else if (target !== undefined) (identity as AccessGroup).addTrustedProfile(target as TrustedProfile);
        }
      }
    }

    const replications = new Map<string, CloudantReplication>();
    for (const [key, entry] of Object.entries(environment.settings.replications ?? {})) {
      keep(replications, key, this.build(['replications', key], () => this.replication(key, entry)));
    }
    this.replications = replications;

    const network: NetworkSection = environment.settings.network ?? {};
    const zones = new Map<string, INetworkZone>();
    for (const [key, entry] of Object.entries(network.zones ?? {})) {
      keep(zones, key, this.build(['network', 'zones', key], () => this.zone(key, entry)));
    }
    this.zones = zones;
    for (const [key, entry] of Object.entries(network.cloudantRules ?? {})) {
      this.build(['network', 'cloudantRules', key], () => this.cloudantRule(key, entry));
    }
    const accountSecurity = environment.settings.accountSecurity;
    if (accountSecurity !== undefined && network.ipAllowlist !== undefined) {
      const allowlist = this.build(['network', 'ipAllowlist'], () => this.ipAllowlist(network.ipAllowlist!));
      this.accountSecurity = this.build(['accountSecurity'], () => this.accountSettings(accountSecurity, need(allowlist)));
    }
    this.applyGuardrails(environment.settings.guardrails ?? {});
    if (this.problems.length > 0) throw new EnvironmentError(this.problems);
  }

  /** the rule pack at this environment's levels, with the file's suppressions on the entries they name */
  private applyGuardrails(section: GuardrailsSection): void {
    Guardrails.applyTo(this, { production: this.environment.production, levels: section.levels });
    const problems: EnvironmentProblem[] = [];
    section.suppressions?.forEach(({ entry, rule, reason }, index) => {
      const scope = entry === undefined ? this : this.entries.get(entry);
      if (scope !== undefined) {
        Guardrails.suppress(scope, [{ rule, reason }]);
        return;
      }
      const nearest = closestMatch(entry!, [...this.entries.keys()]);
      problems.push(
        this.environment.source.problem(
          ['guardrails', 'suppressions', index, 'entry'],
          `${JSON.stringify(entry)} is not an entry of this file; ${nearest ? `did you mean ${JSON.stringify(nearest)}? ` : ''}name an entry by its dotted path, such as cloudant.<key> or identities.<key>.keys.<name>, or leave entry out to cover the whole stack`,
        ),
      );
    });
    this.problems.push(...problems);
  }

  private replication(key: string, entry: ReplicationEntry): CloudantReplication {
    const { source, target, ...options } = entry;
    return new CloudantReplication(this, `replication-${key}`, {
      ...options,
      name: `${key}-${this.environment.name}`,
      source: this.replicationSide(key, 'source', source),
      target: this.replicationSide(key, 'target', target),
    });
  }

  private replicationSide(key: string, which: 'source' | 'target', entry: ReplicationSideEntry): ReplicationEndpoint {
    let instance: ICloudantInstance | undefined;
    if (entry.instance !== undefined) {
      instance = need(this.cloudant.get(entry.instance));
    } else {
      const { databases, ...attributes } = entry.existing!;
      instance = this.build(['replications', key, which, 'existing'], () =>
        CloudantInstance.fromAttributes(this, `replication-${key}-${which}-instance`, { ...attributes, databaseNames: databases }),
      );
    }
    return { instance: need(instance), database: entry.database, endpoint: entry.endpoint };
  }

  private zone(key: string, entry: ZoneEntry): INetworkZone {
    const accountId = this.environment.settings.account.id;
    const addresses = entry.addresses?.map(zoneAddressOf) ?? [];
    if (entry.zoneId !== undefined) {
      const existing = NetworkZone.fromZoneId(this, `zone-${key}`, { zoneId: entry.zoneId, name: entry.name });
      if (addresses.length > 0) new NetworkZoneAddresses(this, `zone-${key}-addresses`, { zone: existing, accountId, addresses });
      return existing;
    }
    const zone = new NetworkZone(this, `zone-${key}`, {
      accountId,
      name: entry.name ?? `${key}-${this.environment.name}`,
      description: entry.description,
      addresses,
      excluded: entry.excluded?.map((text) => ZoneAddress.parseIp(text)),
    });
    new TerraformOutput(this, `network_zone_${key}_id`, { value: zone.zoneId, description: `ID of CBR network zone ${key}` });
    return zone;
  }

  private cloudantRule(instanceKey: string, entry: CloudantRuleEntry): CloudantNetworkRule {
    return new CloudantNetworkRule(this, `network-rule-${instanceKey}`, {
      instance: need(this.cloudant.get(instanceKey)),
      accountId: this.environment.settings.account.id,
      enforcement: entry.enforcement as CloudantNetworkRuleProps['enforcement'],
      description: entry.description,
      allow: entry.allow.map((context) => ({ zones: context.zones.map((key) => need(this.zones.get(key))), endpointTypes: context.endpointTypes as CloudantEndpointType[] | undefined })),
    });
  }

  private ipAllowlist(entry: NonNullable<NetworkSection['ipAllowlist']>): IIamIpAllowlist {
    if (entry === 'none') return IamIpAllowlist.NONE;
    const zonesOf = (keys: readonly string[] | undefined) => keys?.map((key) => need(this.zones.get(key)));
    const { keyHolders, ...settings } = entry;
    return new IamIpAllowlist(this, 'iam-ip-allowlist', {
      ...settings,
      accountId: this.environment.settings.account.id,
      zones: zonesOf(entry.zones),
      deployerZones: zonesOf(entry.deployerZones),
      keyHolders: Object.entries(keyHolders ?? {}).map(([key, holder]) => ({ identity: need(this.identities.get(key)), zones: zonesOf(holder.zones), reason: holder.reason })),
    });
  }

  private accountSettings(entry: AccountSecurityEntry, ipAllowlist: IIamIpAllowlist): AccountSecurity {
    const settings = new AccountSecurity(this, 'account-security', { ...entry, accountId: this.environment.settings.account.id, ipAllowlist });
    settings.addIpAllowlistOutput();
    return settings;
  }

  private identity(key: string, entry: IdentityEntry): IIamIdentity {
    const id = `identity-${key}`;
    const name = entry.name ?? `${key}-${this.environment.name}`;
    const common = { name, description: entry.description, allowManager: entry.allowManager };
    let identity: IIamIdentity;
    switch (entry.kind) {
      case 'serviceId': {
        const serviceIdentity = new ServiceIdentity(this, id, common);
        new TerraformOutput(this, `identity_${key}_service_id`, { value: serviceIdentity.serviceId, description: `ID (ServiceId-…) of service ID ${key}` });
        identity = serviceIdentity;
        break;
      }
      case 'trustedProfile':
        identity = new TrustedProfile(this, id, {
          ...common,
          kubernetesServiceAccounts: entry.kubernetesServiceAccounts,
          codeEngineComponents: entry.codeEngineComponents,
          vpcInstanceCrns: entry.vpcInstanceCrns,
        });
        break;
      case 'accessGroup':
        identity = new AccessGroup(this, id, { ...common, users: entry.users });
        break;
    }
    new TerraformOutput(this, `identity_${key}_iam_id`, { value: identity.iamId, description: `IAM ID of ${IDENTITY_KIND_LABELS[identity.kind]} ${key}, as policies name it` });
    return identity;
  }

  private apiKey(identityKey: string, identity: ServiceIdentity, keyName: string, entry: ApiKeyEntry): IConstruct {
    const name = entry.name ?? `${identity.displayName}-${keyName}`;
    const outputPrefix = `identity_${identityKey}_key_${keyName}`;
    if (entry.secretsManager) {
      const key = identity.addSecretsManagerApiKey(`key-${keyName}`, {
        name,
        description: entry.description,
        secretsManagerGuid: entry.secretsManager.guid,
        secretsManagerRegion: entry.secretsManager.region ?? this.environment.settings.account.region,
        secretGroupId: entry.secretsManager.secretGroupId,
        privateEndpoint: entry.secretsManager.privateEndpoint,
        ttlSeconds: entry.ttlSeconds,
        rotationDays: entry.rotationDays,
      });
      new TerraformOutput(this, `${outputPrefix}_secret_id`, { value: key.secretId, description: `Secrets Manager secret holding key ${keyName} of ${identityKey}` });
      return key;
    }
    const key = identity.addApiKey(`key-${keyName}`, {
      name,
      description: entry.description,
      rotationDays: entry.rotationDays,
      expiryGraceDays: entry.expiryGraceDays,
    });
    new TerraformOutput(this, `${outputPrefix}_id`, { value: key.apiKeyId, description: `ID (ApiKey-…, not the secret) of key ${keyName} of ${identityKey}` });
    if (entry.output) key.addSensitiveOutput(`${outputPrefix}_value`, `value of key ${keyName} of ${identityKey} (sensitive: terraform output -raw ${outputPrefix}_value)`);
    return key;
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
      // the file says what to protect; production protects by default, other environments do not
      allowDestroy: !(entry.preventDestroy ?? production),
      databases: entry.databases && databaseOptions(entry.databases),
    });
    const output = (suffix: string, value: string, description: string) =>
      new TerraformOutput(this, `cloudant_${key}_${suffix}`, { value, description });
    output('crn', instance.crn, `CRN of Cloudant instance ${key} (for ibm_cloudant_database.instance_crn)`);
    output('guid', instance.guid, `GUID of Cloudant instance ${key} (for IAM policies and CBR rules)`);
    output('public_url', instance.publicUrl, `public endpoint of Cloudant instance ${key}`);
    output('private_url', instance.privateUrl, `private endpoint of Cloudant instance ${key}`);
    return instance;
  }

  private db2Instance(key: string, entry: Db2InstanceEntry): Db2Instance {
    const { settings, name } = this.environment;
    return new Db2Instance(this, `db2-${key}`, {
      name: entry.name ?? `${key}-${name}`,
      location: entry.location ?? settings.account.region,
      plan: entry.plan as 'performance' | undefined,
      highAvailability: entry.highAvailability,
      backupLocation: entry.backupLocation,
      // private where this stack's Terraform runs inside IBM Cloud, as account.endpoints says
      serviceEndpoints: entry.serviceEndpoints ?? (settings.account.endpoints === 'private' ? 'private' : undefined),
      deployEndpoint: entry.deployEndpoint,
      diskEncryptionKeyCrn: entry.diskEncryption?.keyCrn,
      diskEncryptionInstanceCrn: entry.diskEncryption?.instanceCrn,
      resourceGroup: this.resourceGroup(entry.resourceGroup ?? settings.account.resourceGroup, entry.resourceGroupId ?? settings.account.resourceGroupId),
      tags: mergeTags(settings.tags, entry.tags),
      // a database is protected in every environment unless its file says otherwise
      allowDestroy: !(entry.preventDestroy ?? true),
      createTimeout: entry.createTimeout,
      apiEndpoint: entry.apiEndpoint,
    });
  }

  private db2Access(identity: IIamIdentity, access: Db2AccessEntry) {
    const { instance, ...options } = access;
    return need(this.db2.get(instance)).grantAccess(identity, { ...options, privileges: options.privileges as Db2Privileges | undefined });
  }

  /** one lookup per resource group name, shared by every resource that names it */
  private resourceGroup(name: string | undefined, id: string | undefined): IResourceGroup | undefined {
    if (id !== undefined) {
      const known = this.resourceGroups.get(id) ?? ResourceGroup.fromId(this, `resource-group-id-${id}`, id);
      this.resourceGroups.set(id, known);
      return known;
    }
    if (name === undefined) return undefined;
    let group = this.resourceGroups.get(name);
    if (!group) {
      group = ResourceGroup.fromName(this, `resource-group-${name}`, name);
      this.resourceGroups.set(name, group);
    }
    return group;
  }

  /**
   * Every problem the constructs' own synth-time checks find, each pointed at the entry of
   * the file whose construct reported it. The app runs these itself, before it synthesizes.
   */
  public validationProblems(): EnvironmentProblem[] {
    const located = [...this.entries].map(([path, construct]) => ({ path, prefix: `${construct.node.path}/`, exact: construct.node.path }));
    // the longest construct path first, so a nested entry wins over the one around it
    located.sort((a, b) => b.exact.length - a.exact.length);
    return this.node.findAll().flatMap((node) =>
      node.node.validate().map((message) => {
        const path = node.node.path;
        const entry = located.find((each) => path === each.exact || path.startsWith(each.prefix));
        const field = entry ? entry.path.split('.') : [];
        return this.environment.source.problem(field, entry ? message : `${path}: ${message}`);
      }),
    );
  }

  /**
   * Builds one entry of the file, pointing any construct error at the entry's lines and
   * going on: the result is undefined for an entry that could not be built, or that needs
   * one that could not (whose problem is reported already).
   */
  private build<T>(path: FieldPath, make: () => T): T | undefined {
    try {
      const built = make();
      if (Construct.isConstruct(built)) this.entries.set(path.join('.'), built);
      return built;
    } catch (error) {
      if (error instanceof DependencyNotBuilt) return undefined;
      if (!(error instanceof ValidationError)) throw error;
      this.problems.push(...error.problems.map((p) => this.environment.source.problem([...path, ...p.path], p.message)));
      return undefined;
    }
  }

}

/** the file's database entries as construct options: preventDestroy there, allowDestroy here */
function databaseOptions(databases: NonNullable<CloudantEntry['databases']>): Record<string, CloudantDatabaseOptions> {
  return Object.fromEntries(
    Object.entries(databases).map(([name, { preventDestroy, ...options }]) => [name, { ...options, ...(preventDestroy === undefined ? {} : { allowDestroy: !preventDestroy }) }]),
  );
}

// An entry needs another that could not be built: it is skipped, since the other's problem
// is what the user has to fix.
class DependencyNotBuilt extends Error {}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new DependencyNotBuilt();
  return value;
}

function keep<T>(map: Map<string, T>, key: string, value: T | undefined): void {
  if (value !== undefined) map.set(key, value);
}
