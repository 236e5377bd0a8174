// The db2 section of an environment file (instances) and the db2 entries of identities
// (the Db2 users they are mapped to). The constructs' own checks run here, so a bad plan,
// user ID or schema name is reported at its line before anything is built.
import * as z from 'zod';
import { DB2_DML_PRIVILEGES } from '../constructs/db2/privileges';
import { DB2_SERVICE_ENDPOINTS, DB2_USER_ROLES } from '../constructs/db2/facts';
import { validateDb2InstanceProps } from '../constructs/db2/instance';
import { validateDb2UserOptions } from '../constructs/db2/user';
import { addIssues } from './construct-issues';

const privilegeList = z.array(z.string()).meta({ description: `some of ${DB2_DML_PRIVILEGES.join(', ')}` });

export const db2InstanceSchema = z
  .strictObject({
    name: z.string().optional().meta({ description: 'instance name; default <key>-<environment>' }),
    plan: z.string().optional().meta({ description: 'performance (the only plan for new deployments; standard and enterprise are deprecated, lite has no IAM); default performance' }),
    location: z.string().optional().meta({ description: 'a region of the Performance plan; default account.region' }),
    highAvailability: z.boolean().optional().meta({ description: 'a second node that takes over; default true' }),
    backupLocation: z.string().optional().meta({ description: "where backups are kept; default IBM's for the region" }),
    serviceEndpoints: z.enum(DB2_SERVICE_ENDPOINTS).optional().meta({ description: 'default private when account.endpoints is private, else public-and-private' }),
    deployEndpoint: z.enum(['public', 'private']).optional().meta({ description: 'endpoint Terraform reaches the SQL endpoint through to grant privileges; default public, or private when only private is served' }),
    diskEncryption: z
      .strictObject({
        keyCrn: z.string().meta({ description: 'CRN of a Key Protect or HPCS root key' }),
        instanceCrn: z.string().meta({ description: 'CRN of its Key Protect or HPCS instance' }),
      })
      .optional()
      .meta({ description: 'your own disk encryption key; default IBM-managed' }),
    resourceGroup: z.string().min(1).optional(),
    resourceGroupId: z.string().optional(),
    tags: z.array(z.string()).optional(),
    preventDestroy: z.boolean().optional().meta({ description: 'refuse destroy of the instance; default true' }),
    createTimeout: z.string().optional().meta({ description: 'how long Terraform waits for the create, such as 720m; default 720m' }),
    apiEndpoint: z.string().optional().meta({ description: 'Db2 REST API base URL for users; default https://<location>.db2.saas.ibm.com/dbapi/v4' }),
  })
  .superRefine((entry, ctx) => {
    if (entry.resourceGroup !== undefined && entry.resourceGroupId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['resourceGroupId'], message: 'give either resourceGroup (a name) or resourceGroupId, not both' });
    }
    const { diskEncryption, resourceGroup: _name, resourceGroupId: _id, ...rest } = entry;
    const problems = validateDb2InstanceProps({ ...rest, diskEncryptionKeyCrn: diskEncryption?.keyCrn, diskEncryptionInstanceCrn: diskEncryption?.instanceCrn });
    addIssues(
      ctx,
      problems.map((p) => (p.path[0] === 'diskEncryptionKeyCrn' ? { ...p, path: ['diskEncryption', 'keyCrn'] } : p.path[0] === 'diskEncryptionInstanceCrn' ? { ...p, path: ['diskEncryption', 'instanceCrn'] } : p)),
    );
  });

export const db2AccessSchema = z
  .strictObject({
    instance: z.string().meta({ description: 'key of a Db2 instance in the db2 section' }),
    userId: z.string().meta({ description: 'Db2 user ID: at most 20 of lowercase a-z 0-9 . @ _ -, not starting with a digit or _' }),
    role: z.enum(DB2_USER_ROLES).optional().meta({ description: 'bluuser (default) or bluadmin (needs unsafeAllowBluadmin)' }),
    unsafeAllowBluadmin: z.boolean().optional().meta({ description: 'allow role bluadmin: the whole database; refused in production by the guardrails without a suppression' }),
    privileges: z
      .strictObject({
        schemas: z.record(z.string(), privilegeList).optional().meta({ description: 'privileges on every table of a schema, by schema name' }),
        tables: z.record(z.string(), privilegeList).optional().meta({ description: 'privileges on single tables, by SCHEMA.TABLE' }),
        roles: z.array(z.string()).optional().meta({ description: 'Db2 roles a DBA made' }),
      })
      .optional()
      .meta({ description: 'what the user may do once connected; default nothing beyond what Db2 gives every user' }),
    privilegesBy: z.enum(['apply', 'dba']).optional().meta({ description: "apply: the deployer grants them through the SQL endpoint (default); dba: a DBA runs the db2_users output's grant_sql" }),
    deployerApiKeyVariable: z.string().optional().meta({ description: 'environment variable with the key that manages Db2 users (Administrator on the instance); default IBMCLOUD_API_KEY' }),
  })
  .superRefine((entry, ctx) => {
    addIssues(ctx, validateDb2UserOptions(entry as Parameters<typeof validateDb2UserOptions>[0]));
  });

export type Db2InstanceEntry = z.output<typeof db2InstanceSchema>;
export type Db2AccessEntry = z.output<typeof db2AccessSchema>;
