// The replications section of an environment file. The replication's own option checks
// run here; the checks that need the instances run when the stack is built, and point
// at the same lines.
import * as z from 'zod';
import { CLOUDANT_PLANS } from '../constructs/cloudant/plans';
import { validateReplicationDocumentOptions } from '../constructs/replication/replication-document';
import { addIssues } from './construct-issues';
import { entryKey } from './entry-key';

const endpoint = z.enum(['public', 'private']);

const existingInstance = z.strictObject({
  crn: z.string().meta({ description: 'CRN of the instance (crn:v1:…:cloudantnosqldb:…), in this file\'s account' }),
  plan: z.enum(CLOUDANT_PLANS),
  publicUrl: z.string().optional().meta({ description: 'public endpoint URL of the instance' }),
  privateUrl: z.string().optional().meta({ description: 'private endpoint URL of the instance' }),
  databases: z.array(z.string()).optional().meta({ description: 'databases the instance holds, if you want them checked' }),
});

const side = z
  .strictObject({
    instance: z.string().optional().meta({ description: 'key of a Cloudant instance in the cloudant section' }),
    existing: existingInstance.optional().meta({ description: 'an instance made elsewhere, instead of instance' }),
    database: z.string().meta({ description: 'the database' }),
    endpoint: endpoint.optional().meta({ description: "endpoint the replicator uses; default the instance's public one, or private when it serves only private" }),
  })
  .superRefine((entry, ctx) => {
    if ((entry.instance === undefined) === (entry.existing === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['instance'], message: 'give either instance (a key of the cloudant section) or existing (an instance made elsewhere)' });
    }
  });

const positive = (description: string) => z.number().optional().meta({ description });

export const replicationSchema = z
  .strictObject({
    source: side,
    target: side,
    host: z.enum(['source', 'target']).optional().meta({ description: 'whose _replicator holds the document; default target' }),
    documentId: z.string().optional().meta({ description: 'ID of the replication document; default <key>-<environment>' }),
    continuous: z.boolean().optional().meta({ description: 'keep replicating (default true) or copy once' }),
    selector: z.record(z.string(), z.unknown()).optional().meta({ description: 'copy only documents matching this Cloudant Query selector' }),
    documentIds: z.array(z.string()).optional().meta({ description: 'copy only these documents' }),
    sinceSeq: z.string().optional().meta({ description: 'start from this update sequence of the source' }),
    replicateDesignDocuments: z.boolean().optional().meta({ description: 'copy design documents too (the target key then gets Manager); default false' }),
    createTarget: z.boolean().optional().meta({ description: 'let the replicator create the target database on an existing instance (Manager); default false' }),
    useCheckpoints: z.boolean().optional().meta({ description: 'write checkpoints (the source key then needs Checkpointer); default true' }),
    checkpointIntervalMs: positive('milliseconds between checkpoints'),
    workerProcesses: positive('default 4'),
    workerBatchSize: positive('default 500'),
    httpConnections: positive('default 20'),
    connectionTimeoutMs: positive('default 30000'),
    retriesPerRequest: positive('default 10'),
    useBulkGet: z.boolean().optional(),
    winningRevsOnly: z.boolean().optional().meta({ description: 'copy only winning revisions; default false' }),
    createReplicatorDatabase: z.boolean().optional().meta({ description: 'create _replicator on an existing host instance; default false' }),
    deployEndpoint: endpoint.optional().meta({ description: 'host endpoint Terraform writes the document through; default as the host side' }),
    iamEndpoint: z.string().optional().meta({ description: 'IAM endpoint for the deployer key; default public, or private with a private deployEndpoint' }),
    deployerApiKeyVariable: z.string().optional().meta({ description: 'environment variable with the key that writes the document; default IBMCLOUD_API_KEY' }),
    keyRotationDays: positive('days between rotations of the two replication keys; default 90'),
    keyExpiryGraceDays: positive('days a key stays valid after its rotation is due; default 30'),
  })
  .superRefine((entry, ctx) => addIssues(ctx, validateReplicationDocumentOptions(entry)));

export const replicationsSchema = z.record(entryKey('replication'), replicationSchema);

export type ReplicationEntry = z.output<typeof replicationSchema>;
export type ReplicationSideEntry = ReplicationEntry['source'];
