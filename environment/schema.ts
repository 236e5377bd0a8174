// The environment file format: one schema, used to validate files and to publish
// the JSON Schema that editors use (schemas/environment.schema.json).
import * as path from 'node:path';
import { z } from 'zod';
import { CLOUDANT_PLANS, SERVICE_ENDPOINTS } from '../constructs/cloudant/plans';
import { validateCloudantInstanceProps } from '../constructs/cloudant/instance';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, RESOURCE_GROUP_ID_PATTERN } from '../constructs/core/identifiers';
import { validateTags } from '../constructs/core/tags';

const ENTRY_KEY = /^[a-z][a-z0-9_-]{0,62}$/;

const entryKey = (what: string) =>
  z.string().regex(ENTRY_KEY, { error: `${what} keys start with a lowercase letter and use only a-z, 0-9, _ and - (at most 63 characters)` });

const region = z
  .string()
  .regex(REGION_PATTERN, { error: 'expected an IBM Cloud region name such as us-south, us-east or eu-de' })
  .meta({ description: 'IBM Cloud region, for example us-east' });

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
    for (const problem of validateTags(list)) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
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
      .meta({ description: 'which IBM Cloud API endpoints the provider uses (provider visibility); default public' }),
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
  .superRefine((entry, ctx) => {
    if (entry.resourceGroup !== undefined && entry.resourceGroupId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['resourceGroupId'], message: 'give either resourceGroup (a name) or resourceGroupId, not both' });
    }
    // the construct's own rules, so YAML and TypeScript users get the same messages
    const { resourceGroup: _name, resourceGroupId: _id, ...props } = entry;
    const problems = validateCloudantInstanceProps(props);
    for (const problem of problems) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
  });

export const environmentSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema of this file, for editors' }),
    account,
    production: z
      .boolean()
      .optional()
      .meta({ description: 'production environment: turns on preventDestroy and data events by default; default true for an environment named prod or production' }),
    backend: backendSchema.optional().meta({ description: 'where Terraform keeps state; default local' }),
    tags: environmentTags.optional(),
    cloudant: z.record(entryKey('cloudant instance'), cloudantInstance).optional().meta({ description: 'Cloudant instances by key' }),
  });

export type EnvironmentFile = z.output<typeof environmentSchema>;
export type BackendSettings = z.output<typeof backendSchema>;
export type CloudantEntry = NonNullable<EnvironmentFile['cloudant']>[string];

/** the JSON Schema published for editors */
export function environmentJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'ibm-data-guard environment',
    description: 'One deployment environment (stack) of ibm-data-guard. The file name is the stack name.',
  };
}
