// The environment file format: one schema, used to validate files and to publish
// the JSON Schema that editors use (schemas/environment.schema.json).
import * as path from 'node:path';
import * as z from 'zod';
import { CLOUDANT_PLANS, SERVICE_ENDPOINTS } from '../constructs/cloudant/plans';
import { CLOUDANT_ROLE_SET_NAMES, CLOUDANT_SERVICE_ROLES, PLATFORM_ROLES } from '../constructs/cloudant/roles';
import { closestMatch } from '../constructs/core/closest';
import { validateApiKeyOptions } from '../constructs/iam/api-key';
import { validateSecretsManagerApiKeyOptions } from '../constructs/iam/secrets-manager-api-key';
import { validateTrustedProfileProps } from '../constructs/iam/trusted-profile';
import { validateCloudantRuleInstance } from '../constructs/network/cloudant-network-rule';
import { ACCOUNT_ID_PATTERN, crnAccountId, RESOURCE_GROUP_ID_PATTERN } from '../constructs/core/identifiers';
import { IBM_CLOUD_DATA_CENTERS, IBM_CLOUD_REGIONS, regionProblem } from '../constructs/core/regions';
import { validateTags } from '../constructs/core/tags';
import { addIssues } from './construct-issues';
import { entryKey } from './entry-key';
import { accountSecuritySchema, networkSchema } from './network-schema';
import { guardrailsSchema } from './guardrails-schema';
import { replicationsSchema } from './replication-schema';
import { db2AccessSchema, db2InstanceSchema } from './db2-schema';
import { engineOf } from './engine';


const region = z
  .string()
  .superRefine((value, ctx) => {
    const problem = regionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'IBM Cloud region, for example us-east', enum: [...IBM_CLOUD_REGIONS, ...IBM_CLOUD_DATA_CENTERS] });

const resourceGroupName = z.string().min(1, { error: 'the resource group name is empty' }).meta({
  description: 'name of an existing resource group, looked up when Terraform plans',
});
const resourceGroupId = z
  .string()
  .regex(RESOURCE_GROUP_ID_PATTERN, { error: 'a resource group ID is 32 lowercase hexadecimal characters' })
  .meta({ description: 'ID of an existing resource group (32 hexadecimal characters)' });

const TAGS_DESCRIPTION = 'IBM Cloud user tags: 1-128 letters, digits, spaces and _ - . : (for example env:prod)';
// instance tags are checked by the instance's own rules; these are the environment-wide ones
const environmentTags = z
  .array(z.string())
  .superRefine((list, ctx) => {
    addIssues(ctx, validateTags(list));
  })
  .meta({ description: `tags put on every taggable resource. ${TAGS_DESCRIPTION}` });

const httpsUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });

const account = z
  .strictObject({
    id: z
      .string()
      .regex(ACCOUNT_ID_PATTERN, { error: 'an IBM Cloud account ID is 32 lowercase hexadecimal characters (ibmcloud target shows it)' })
      .meta({ description: 'IBM Cloud account ID (32 hexadecimal characters)' }),
    region: region.meta({ description: 'region the IBM provider talks to, and the default location of instances' }),
    resourceGroup: resourceGroupName.optional(),
    resourceGroupId: resourceGroupId.optional(),
    endpoints: z
      .enum(SERVICE_ENDPOINTS)
      .optional()
      .meta({ description: 'which IBM Cloud API endpoints the provider uses (provider visibility), Cloudant data planes included; default public' }),
    dataPlaneAccess: z
      .string()
      .optional()
      .meta({ description: 'how Terraform reaches Cloudant data planes that endpoints does not (for example IBMCLOUD_VISIBILITY set in CI): a reason, at least 10 characters' }),
  })
  .superRefine((value, ctx) => {
    if (value.resourceGroup !== undefined && value.resourceGroupId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['resourceGroupId'], message: 'give either resourceGroup (a name) or resourceGroupId, not both' });
    }
  });

const localBackend = z.strictObject({
  type: z.literal('local'),
  path: z
    .string()
    .min(1)
    .superRefine((file, ctx) => {
      if (path.isAbsolute(file) || path.win32.isAbsolute(file)) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(file)} is an absolute path; use a path relative to the project root, so no machine path is written into the stack` });
      }
    })
    .optional()
    .meta({ description: 'state file, relative to the project root; default terraform.<environment>.tfstate' }),
});

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string().min(1).meta({ description: 'IBM Cloud Object Storage bucket for the state' }),
  key: z.string().min(1).meta({ description: 'object key of the state file, for example data/prod.tfstate' }),
  endpoint: httpsUrl.meta({ description: 'COS S3 endpoint, for example https://s3.us-east.cloud-object-storage.appdomain.cloud' }),
  region: z.string().min(1).optional().meta({ description: 'bucket region; default account.region' }),
  lock: z.boolean().optional().meta({ description: 'lock the state with an S3 lock file (Terraform >= 1.10); default true' }),
});

const cloudBackend = z.strictObject({
  type: z.literal('cloud'),
  organization: z.string().min(1),
  workspace: z.string().min(1),
  project: z.string().min(1).optional(),
  hostname: z.string().min(1).optional().meta({ description: 'default app.terraform.io' }),
});

const remoteBackend = z.strictObject({
  type: z.literal('remote'),
  organization: z.string().min(1),
  workspace: z.string().min(1),
  hostname: z.string().min(1).optional().meta({ description: 'default app.terraform.io' }),
});

export const backendSchema = z.discriminatedUnion('type', [localBackend, s3Backend, cloudBackend, remoteBackend], {
  error: 'use one of local, s3, cloud, remote',
});

const database = z
  .strictObject({
    partitioned: z.boolean().optional().meta({ description: 'partitioned database; default false' }),
    shards: z.number().optional().meta({ description: "number of shards (q); default chosen by Cloudant" }),
    preventDestroy: z.boolean().optional().meta({ description: 'refuse destroy; default: the instance setting' }),
  })
  .nullable()
  // `orders:` with nothing after it means a database with the defaults
  .transform((options) => options ?? {});

const cloudantInstance = z
  .strictObject({
    name: z.string().optional().meta({ description: 'instance name; default <key>-<environment>' }),
    plan: z.enum(CLOUDANT_PLANS).meta({ description: 'lite and standard are Gen 1, standard-gen2 is Gen 2' }),
    location: region.optional().meta({ description: 'region of the instance; default account.region' }),
    capacity: z.number().optional().meta({ description: 'throughput blocks (Gen 1, 1-100, lite is 1) or capacity units (Gen 2); default 1' }),
    dataEvents: z.boolean().optional().meta({ description: 'send data events to Activity Tracker; default: production' }),
    serviceEndpoints: z.enum(SERVICE_ENDPOINTS).optional().meta({ description: 'default private where possible (Gen 2, dedicated hardware), else public' }),
    corsOrigins: z.array(z.string()).optional().meta({ description: 'https origins allowed by CORS; CORS is off without them' }),
    corsAllowCredentials: z.boolean().optional().meta({ description: 'allow credentials in CORS requests; default false' }),
    resourceGroup: resourceGroupName.optional(),
    resourceGroupId: resourceGroupId.optional(),
    tags: z.array(z.string()).optional().meta({ description: TAGS_DESCRIPTION }),
    dedicatedHardwareEnvironmentCrn: z.string().optional().meta({ description: 'Gen 1 dedicated hardware environment CRN (plan standard only)' }),
    preventDestroy: z.boolean().optional().meta({ description: 'refuse destroy of the instance and its databases; default: production' }),
    databases: z.record(z.string(), database).optional().meta({ description: 'databases to create, by name' }),
  })
  // the shape only: the instance's construct checks its rules once, when the stack is built
  .superRefine((entry, ctx) => {
    if (entry.resourceGroup !== undefined && entry.resourceGroupId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['resourceGroupId'], message: 'give either resourceGroup (a name) or resourceGroupId, not both' });
    }
  });

// a role set (reader, replication-source, …) or a Cloudant service role as IBM's docs write it (Reader, …)
const SERVICE_ROLE_SETS: Readonly<Record<string, string>> = Object.fromEntries(CLOUDANT_SERVICE_ROLES.map((role) => [role, role.toLowerCase()]));
const roleSet = z
  .string()
  .transform((value, ctx) => {
    if ((CLOUDANT_ROLE_SET_NAMES as readonly string[]).includes(value)) return value;
    const fromIbm = SERVICE_ROLE_SETS[value];
    if (fromIbm) return fromIbm;
    if ((PLATFORM_ROLES as readonly string[]).includes(value)) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is an IAM platform role: it manages the instance (Editor and Administrator can delete it), never its data; use a Cloudant service role: ${CLOUDANT_SERVICE_ROLES.join(', ')}` });
      return z.NEVER;
    }
    const nearest = closestMatch(value, [...CLOUDANT_ROLE_SET_NAMES, ...CLOUDANT_SERVICE_ROLES]);
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a Cloudant role; ${nearest ? `did you mean ${JSON.stringify(nearest)}? ` : ''}use a role set (${CLOUDANT_ROLE_SET_NAMES.join(', ')}) or IBM's role name (${CLOUDANT_SERVICE_ROLES.join(', ')})` });
    return z.NEVER;
  })
  .meta({ description: `a role set (${CLOUDANT_ROLE_SET_NAMES.join(', ')}) or a Cloudant service role as IBM writes it (${CLOUDANT_SERVICE_ROLES.join(', ')})` });

const grant = z
  .strictObject({
    instance: z.string().meta({ description: 'key of a Cloudant instance in the cloudant section' }),
    database: z.string().optional().meta({ description: 'one database of the instance; default the whole instance' }),
    databasePrefix: z.string().optional().meta({ description: 'every database whose name starts with this' }),
    roles: z
      .union([roleSet, z.array(roleSet).min(1, { error: 'list at least one role set' })])
      .transform((value) => (typeof value === 'string' ? [value] : value))
      .meta({ description: `role set(s) or IBM's role names: ${CLOUDANT_ROLE_SET_NAMES.join(', ')}; ${CLOUDANT_SERVICE_ROLES.join(', ')}` }),
  })
  // the grant's rules (database or prefix, not both; names; scopes) are checked once, by the grant

const secretsManagerRef = z.strictObject({
  guid: z.string().meta({ description: 'GUID of an existing Secrets Manager instance with its IAM credentials engine configured' }),
  region: region.optional().meta({ description: 'region of the Secrets Manager instance; default account.region' }),
  secretGroupId: z.string().optional().meta({ description: 'secret group UUID or default' }),
  privateEndpoint: z.boolean().optional().meta({ description: 'reach Secrets Manager over its private endpoint; default false' }),
});

const apiKey = z
  .strictObject({
    name: z.string().optional().meta({ description: 'key name; default <identity name>-<key>' }),
    description: z.string().optional(),
    rotationDays: z.number().optional().meta({ description: 'rotate every N days (default 90 for IAM keys, 30 with secretsManager)' }),
    expiryGraceDays: z.number().optional().meta({ description: 'IAM keys: days a key stays valid after its rotation is due; default 30' }),
    output: z.boolean().optional().meta({ description: 'IAM keys: add a sensitive output with the key value; default false' }),
    secretsManager: secretsManagerRef.optional().meta({ description: 'let Secrets Manager create and rotate the key instead of Terraform' }),
    ttlSeconds: z.number().optional().meta({ description: 'secretsManager keys: lifetime of each key, 60-7776000; default 5184000' }),
  })
  .nullable()
  .transform((options) => options ?? {})
  .superRefine((entry, ctx) => {
    const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    if (entry.secretsManager) {
      if (entry.expiryGraceDays !== undefined) issue('expiryGraceDays', 'Secrets Manager decides when its keys expire (ttlSeconds); remove expiryGraceDays');
      if (entry.output !== undefined) issue('output', 'a Secrets Manager key is read from Secrets Manager, not from Terraform; remove output');
      const { secretsManager, ...options } = entry;
      for (const p of validateSecretsManagerApiKeyOptions({ ...options, secretsManagerGuid: secretsManager.guid, secretGroupId: secretsManager.secretGroupId })) {
        const path = p.path[0] === 'secretsManagerGuid' ? ['secretsManager', 'guid'] : p.path[0] === 'secretGroupId' ? ['secretsManager', 'secretGroupId'] : [...p.path];
        ctx.addIssue({ code: 'custom', path, message: p.message });
      }
    } else {
      if (entry.ttlSeconds !== undefined) issue('ttlSeconds', 'only Secrets Manager keys have a ttl; IAM keys expire expiryGraceDays after rotation');
      addIssues(ctx, validateApiKeyOptions(entry));
    }
  });

const identityCommon = {
  name: z.string().optional().meta({ description: 'name in IAM; default <key>-<environment>' }),
  description: z.string().optional(),
  allowManager: z.boolean().optional().meta({ description: 'allow Manager grants to this identity; default false' }),
  grants: z.array(grant).optional().meta({ description: 'access to Cloudant instances, databases or database prefixes' }),
  db2: z.array(db2AccessSchema).optional().meta({ description: 'Db2 users this identity is mapped to (service IDs only), with their privileges' }),
};

const serviceIdIdentity = z.strictObject({
  kind: z.literal('serviceId'),
  ...identityCommon,
  keys: z.record(entryKey('key'), apiKey).optional().meta({ description: 'API keys of this service ID, by key' }),
});

const trustedProfileIdentity = z
  .strictObject({
    kind: z.literal('trustedProfile'),
    ...identityCommon,
    kubernetesServiceAccounts: z
      .array(z.strictObject({ clusterCrn: z.string(), namespace: z.string(), serviceAccount: z.string(), openshift: z.boolean().optional() }))
      .optional()
      .meta({ description: 'IKS or OpenShift service accounts that may assume the profile' }),
    codeEngineComponents: z
      .array(z.strictObject({ projectCrn: z.string(), componentType: z.enum(['application', 'job']), componentName: z.string() }))
      .optional(),
    vpcInstanceCrns: z.array(z.string()).optional().meta({ description: 'VPC virtual server instances that may assume the profile' }),
  })
  .superRefine((entry, ctx) => {
    addIssues(ctx, validateTrustedProfileProps({ ...entry, name: entry.name ?? 'x' }));
  });

const accessGroupIdentity = z.strictObject({
  kind: z.literal('accessGroup'),
  ...identityCommon,
  users: z.array(z.string()).optional().meta({ description: 'IBMids (e-mail addresses) of the members' }),
  members: z.array(z.string()).optional().meta({ description: 'keys of service IDs and trusted profiles in this file' }),
});

const identity = z.discriminatedUnion('kind', [serviceIdIdentity, trustedProfileIdentity, accessGroupIdentity], {
  error: 'use one of serviceId, trustedProfile, accessGroup',
});

const environmentFields = z.strictObject({
  $schema: z.string().optional().meta({ description: 'JSON Schema of this file, for editors' }),
  account,
  production: z
    .boolean()
    .optional()
    .meta({ description: 'production environment: turns on preventDestroy and data events by default; default true for an environment named prod or production' }),
  backend: backendSchema.optional().meta({ description: 'where Terraform keeps state; default local' }),
  engine: z
    .enum(['local', 'hcp', 'schematics'])
    .optional()
    .meta({ description: 'what applies the stack: local (a workstation or CI runner), hcp (HCP Terraform remote runs), schematics (IBM Schematics); default local, hcp with backend cloud or remote' }),
  hcpAgentRunsNode: z
    .boolean()
    .optional()
    .meta({ description: 'engine hcp: the workspace runs on an HCP Terraform agent whose image has Node.js 20 (examples/hcp-agent), so the scripts run inside Terraform; default false' }),
  tags: environmentTags.optional(),
  cloudant: z.record(entryKey('cloudant instance'), cloudantInstance).optional().meta({ description: 'Cloudant instances by key' }),
  db2: z.record(entryKey('db2 instance'), db2InstanceSchema).optional().meta({ description: 'Db2 on Cloud instances (Performance plan) by key' }),
  identities: z.record(entryKey('identity'), identity).optional().meta({ description: 'service IDs, trusted profiles and access groups by key' }),
  replications: replicationsSchema.optional().meta({ description: 'Cloudant replications, each with a least-privilege key per side, by key' }),
  network: networkSchema.optional().meta({ description: 'CBR zones, Cloudant network rules and the IAM IP allowlist' }),
  accountSecurity: accountSecuritySchema
    .optional()
    .meta({ description: "the account's IAM settings (one environment per account): service ID and API key creation, MFA, sessions; needs network.ipAllowlist" }),
  guardrails: guardrailsSchema
    .optional()
    .meta({ description: 'the rule pack applied at synth: level overrides and suppressions for this environment (docs/guardrails.md)' }),
});

export const environmentSchema = environmentFields.superRefine((file, ctx) => {
  checkEngine(file, ctx);
  checkIdentityReferences(file, ctx);
  checkNetworkReferences(file, ctx);
  checkReplicationReferences(file, ctx);
});

/** the engine and the backend agree: Schematics keeps state itself, HCP Terraform runs need its backend */
function checkEngine(file: z.output<typeof environmentFields>, ctx: z.RefinementCtx): void {
  const backend = file.backend?.type ?? 'local';
  if (file.engine === 'schematics' && file.backend !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['backend'], message: `IBM Schematics keeps the state itself (in its own encrypted bucket) and takes no backend block; remove backend (${backend}), or choose another engine` });
  }
  if (file.engine === 'hcp' && backend !== 'cloud' && backend !== 'remote') {
    ctx.addIssue({ code: 'custom', path: ['engine'], message: `hcp runs in an HCP Terraform workspace, whose state is the workspace's: set backend to { type: cloud, organization, workspace }, or choose engine local` });
  }
  // HCP Terraform's own workers run on the internet: IBM Cloud's private endpoints are out of their reach
  if (engineOf(file) === 'hcp' && !file.hcpAgentRunsNode && file.account.endpoints === 'private') {
    ctx.addIssue({ code: 'custom', path: ['account', 'endpoints'], message: "private endpoints are out of reach of HCP Terraform's own workers, which run on the internet; use public-and-private, or run the workspace on your own agent inside IBM Cloud (examples/hcp-agent) and set hcpAgentRunsNode: true" });
  }
  if (file.hcpAgentRunsNode !== undefined && engineOf(file) !== 'hcp') {
    ctx.addIssue({ code: 'custom', path: ['hcpAgentRunsNode'], message: 'only means something with engine hcp (HCP Terraform runs); remove it' });
  }
}

/** grants name instances, access groups name identities, of the same file */
function checkIdentityReferences(file: z.output<typeof environmentFields>, ctx: z.RefinementCtx): void {
  const instances = Object.keys(file.cloudant ?? {});
  for (const [key, entry] of Object.entries(file.identities ?? {})) {
    const db2Instances = Object.keys(file.db2 ?? {});
    entry.db2?.forEach((each, index) => {
      if (!db2Instances.includes(each.instance)) {
        ctx.addIssue({
          code: 'custom',
          path: ['identities', key, 'db2', index, 'instance'],
          message: `${JSON.stringify(each.instance)} is not a Db2 instance of this file; use one of ${db2Instances.length > 0 ? db2Instances.join(', ') : '(none: add it under db2)'}`,
        });
      }
    });
    entry.grants?.forEach((each, index) => {
      if (!instances.includes(each.instance)) {
        ctx.addIssue({
          code: 'custom',
          path: ['identities', key, 'grants', index, 'instance'],
          message: `${JSON.stringify(each.instance)} is not a Cloudant instance of this file; use one of ${instances.length > 0 ? instances.join(', ') : '(none: add it under cloudant)'}`,
        });
      }
    });
    if (entry.kind !== 'accessGroup') continue;
    entry.members?.forEach((member, index) => {
      const target = file.identities?.[member];
      if (target === undefined || target.kind === 'accessGroup') {
        const candidates = Object.entries(file.identities ?? {}).filter(([, other]) => other.kind !== 'accessGroup').map(([name]) => name);
        ctx.addIssue({
          code: 'custom',
          path: ['identities', key, 'members', index],
          message: `${JSON.stringify(member)} is not a service ID or trusted profile of this file; use one of ${candidates.length > 0 ? candidates.join(', ') : '(none)'}`,
        });
      }
    });
  }
}

/** the network section names instances and zones of the same file */
function checkNetworkReferences(file: z.output<typeof environmentFields>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const zoneKeys = Object.keys(file.network?.zones ?? {});
  const zoneList = zoneKeys.length > 0 ? zoneKeys.join(', ') : '(none: add it under network.zones)';
  const checkZones = (path: (string | number)[], keys: readonly string[] | undefined) =>
    keys?.forEach((key, index) => {
      if (!zoneKeys.includes(key)) issue([...path, index], `${JSON.stringify(key)} is not a zone of this file; use one of ${zoneList}`);
    });

  const instances = file.cloudant ?? {};
  for (const [key, rule] of Object.entries(file.network?.cloudantRules ?? {})) {
    const path = ['network', 'cloudantRules', key];
    const instance = instances[key];
    if (instance === undefined) {
      const keys = Object.keys(instances);
      issue(path, `${JSON.stringify(key)} is not a Cloudant instance of this file; rules are keyed by instance: use one of ${keys.length > 0 ? keys.join(', ') : '(none: add it under cloudant)'}`);
    } else {
      for (const problem of validateCloudantRuleInstance(`cloudant.${key}`, instance.plan)) issue(path, problem.message);
    }
    rule.allow.forEach((context, index) => checkZones([...path, 'allow', index, 'zones'], context.zones));
  }

  const allowlist = file.network?.ipAllowlist;
  if (allowlist !== undefined && allowlist !== 'none') {
    checkZones(['network', 'ipAllowlist', 'zones'], allowlist.zones);
    checkZones(['network', 'ipAllowlist', 'deployerZones'], allowlist.deployerZones);
    const serviceIds = Object.entries(file.identities ?? {}).filter(([, entry]) => entry.kind === 'serviceId').map(([key]) => key);
    for (const [key, holder] of Object.entries(allowlist.keyHolders ?? {})) {
      const path = ['network', 'ipAllowlist', 'keyHolders', key];
      if (!serviceIds.includes(key)) issue(path, `${JSON.stringify(key)} is not a service ID of this file; use one of ${serviceIds.length > 0 ? serviceIds.join(', ') : '(none: add it under identities)'}`);
      checkZones([...path, 'zones'], holder.zones);
    }
  }
  if (file.accountSecurity !== undefined && allowlist === undefined) {
    issue(['accountSecurity'], 'needs network.ipAllowlist: the allowlist is one of the account settings, and leaving it out would clear it; list the allowed addresses, or write ipAllowlist: none');
  }
  if (allowlist !== undefined && file.accountSecurity === undefined) {
    issue(['network', 'ipAllowlist'], 'is an account setting, written with the others: add an accountSecurity section (use {} for the secure defaults)');
  }
}

/** replications name instances of the same file, or existing instances of the file's account */
function checkReplicationReferences(file: z.output<typeof environmentFields>, ctx: z.RefinementCtx): void {
  const instances = Object.keys(file.cloudant ?? {});
  for (const [key, entry] of Object.entries(file.replications ?? {})) {
    for (const which of ['source', 'target'] as const) {
      const side = entry[which];
      const path = ['replications', key, which];
      if (side.instance !== undefined && !instances.includes(side.instance)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'instance'],
          message: `${JSON.stringify(side.instance)} is not a Cloudant instance of this file; use one of ${instances.length > 0 ? instances.join(', ') : '(none: add it under cloudant)'}, or describe an instance made elsewhere under existing`,
        });
      }
      const account = side.existing ? crnAccountId(side.existing.crn) : undefined;
      if (account !== undefined && ACCOUNT_ID_PATTERN.test(account) && account !== file.account.id) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'existing', 'crn'],
          message: `the instance is in account ${account}, not this file's account ${file.account.id}; its key must be made in its own account: declare this replication in TypeScript with identityScope (see the README), or in the other account's environment file`,
        });
      }
    }
  }
}

export type EnvironmentFile = z.output<typeof environmentSchema>;
export type BackendSettings = z.output<typeof backendSchema>;
export type { Db2AccessEntry, Db2InstanceEntry } from './db2-schema';
export type CloudantEntry = NonNullable<EnvironmentFile['cloudant']>[string];
export type IdentityEntry = NonNullable<EnvironmentFile['identities']>[string];
export type { ReplicationEntry } from './replication-schema';
export type ApiKeyEntry = NonNullable<Extract<IdentityEntry, { kind: 'serviceId' }>['keys']>[string];

/** the JSON Schema published for editors */
export function environmentJsonSchema(): Record<string, unknown> {
  return {
    // draft-07: what the YAML language server and most validators read without a flag
    ...z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }),
    title: 'ibm-data-guard environment',
    description: 'One deployment environment (stack) of ibm-data-guard. The file name is the stack name.',
  };
}

/** the JSON Schema as written to schemas/environment.schema.json */
export function renderJsonSchema(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}
