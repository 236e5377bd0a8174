// The replication document's options: their checks, and the document they make. The
// document made here carries no credentials; the replication script adds each side's
// key when it writes the document, so no key is ever part of the synthesized JSON.
import { isUnresolved, Problem, show } from '../core/validation';

/** What the replication copies, and how. */
export interface ReplicationDocumentOptions {
  /**
   * Keep replicating new changes (`true`), or copy once and stop (`false`, "one-shot").
   * Continuous replication polls the source even when it is idle, which costs capacity.
   * @default true
   */
  readonly continuous?: boolean;
  /**
   * Copy only documents that match this Cloudant Query selector, for example
   * `{ type: 'order' }`. Cannot be combined with `documentIds`.
   * @default - every document
   */
  readonly selector?: Readonly<Record<string, unknown>>;
  /**
   * Copy only these documents. Cannot be combined with `selector`.
   * @default - every document
   */
  readonly documentIds?: readonly string[];
  /**
   * Start from this update sequence of the source instead of the beginning.
   * @default - the beginning (or the last checkpoint)
   */
  readonly sinceSeq?: string;
  /**
   * Copy design documents (views, indexes) too. Writer cannot write them, so the target
   * key gets Manager on the target database; the identity is allowed Manager for that alone.
   * @default false (design documents are left out by a selector on `_id`)
   */
  readonly replicateDesignDocuments?: boolean;
  /**
   * Let the replicator create the target database. Only for a target instance made
   * elsewhere: on an instance of this app, Terraform creates the database. Needs Manager
   * on the target.
   * @default false
   */
  readonly createTarget?: boolean;
  /**
   * Write checkpoints, so a restarted replication resumes where it stopped. Without them
   * the source key needs no Checkpointer role, but every restart starts from scratch.
   * @default true
   */
  readonly useCheckpoints?: boolean;
  /** @default - Cloudant's default */
  readonly checkpointIntervalMs?: number;
  /** @default - Cloudant's default (4) */
  readonly workerProcesses?: number;
  /** @default - Cloudant's default (500) */
  readonly workerBatchSize?: number;
  /** @default - Cloudant's default (20) */
  readonly httpConnections?: number;
  /** @default - Cloudant's default (30000) */
  readonly connectionTimeoutMs?: number;
  /** @default - Cloudant's default (10) */
  readonly retriesPerRequest?: number;
  /** @default - Cloudant's default */
  readonly useBulkGet?: boolean;
  /**
   * Copy only the winning revision of each document, not its conflicts.
   * @default false
   */
  readonly winningRevsOnly?: boolean;
}

// Documents whose ID starts with "_" that reach the changes feed are design documents.
export const EXCLUDE_DESIGN_DOCUMENTS = { _id: { $regex: '^[^_]' } } as const;

const WHOLE_NUMBER_OPTIONS = [
  ['checkpointIntervalMs', 'checkpoint_interval'],
  ['workerProcesses', 'worker_processes'],
  ['workerBatchSize', 'worker_batch_size'],
  ['httpConnections', 'http_connections'],
  ['connectionTimeoutMs', 'connection_timeout'],
  ['retriesPerRequest', 'retries_per_request'],
] as const;

/** every problem with a set of document options */
export function validateReplicationDocumentOptions(options: ReplicationDocumentOptions): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string, index?: number) => problems.push({ path: index === undefined ? [field] : [field, index], message });

  const { selector, documentIds } = options;
  if (selector !== undefined) {
    if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) {
      add('selector', `${show(selector)} is not a selector; give an object such as { type: 'order' }`);
    } else if (Object.keys(selector).length === 0) {
      add('selector', 'is empty, which matches every document; leave selector out instead');
    }
  }
  if (documentIds !== undefined) {
    if (selector !== undefined) add('documentIds', 'cannot be combined with selector (Cloudant refuses both in one replication); use one of them');
    if (documentIds.length === 0) add('documentIds', 'is empty, so nothing would be copied; list document IDs, or leave documentIds out to copy every document');
    const seen = new Set<string>();
    documentIds.forEach((id, index) => {
      if (isUnresolved(id)) return;
      if (typeof id !== 'string' || id === '') add('documentIds', `${show(id)} is not a document ID`, index);
      else if (seen.has(id)) add('documentIds', `${show(id)} is listed twice`, index);
      else if (id.startsWith('_local/')) add('documentIds', `${show(id)} is a local document, which replication never copies`, index);
      else if (id.startsWith('_design/') && !options.replicateDesignDocuments) {
        add('documentIds', `${show(id)} is a design document; set replicateDesignDocuments (the target key then needs Manager) or remove it`, index);
      }
      seen.add(id);
    });
  }
  if (options.sinceSeq !== undefined && !isUnresolved(options.sinceSeq) && (typeof options.sinceSeq !== 'string' || options.sinceSeq.trim() === '')) {
    add('sinceSeq', `${show(options.sinceSeq)} is not an update sequence; give the sequence string from the source's _changes feed`);
  }
  for (const [option] of WHOLE_NUMBER_OPTIONS) {
    const value = options[option];
    if (value !== undefined && !isUnresolved(value) && (!Number.isInteger(value) || value < 1)) {
      add(option, `${show(value)} is not a whole number of at least 1`);
    }
  }
  if (options.useCheckpoints === false && options.checkpointIntervalMs !== undefined) {
    add('checkpointIntervalMs', 'has no effect while useCheckpoints is false; remove one of them');
  }
  return problems;
}

/** the Cloudant roles each side's key needs for these options */
export function replicationRoleSets(options: ReplicationDocumentOptions): { source: 'reader' | 'replication-source'; target: 'manager' | 'replication-target' } {
  return {
    // Checkpointer is only for checkpoint writes on the source
    source: options.useCheckpoints === false ? 'reader' : 'replication-source',
    // Writer cannot write design documents or create databases
    target: options.replicateDesignDocuments || options.createTarget ? 'manager' : 'replication-target',
  };
}

/**
 * The replication document without `_id` and without credentials: the script adds
 * `auth.iam.api_key` to each side when it writes it.
 */
export function replicationDocument(sourceUrl: string, targetUrl: string, options: ReplicationDocumentOptions): Record<string, unknown> {
  const document: Record<string, unknown> = {
    source: { url: sourceUrl },
    target: { url: targetUrl },
    continuous: options.continuous ?? true,
    create_target: options.createTarget ?? false,
  };
  const selector = options.replicateDesignDocuments || options.documentIds !== undefined
    ? options.selector
    : options.selector === undefined
      ? EXCLUDE_DESIGN_DOCUMENTS
      : { $and: [options.selector, EXCLUDE_DESIGN_DOCUMENTS] };
  if (selector !== undefined) document.selector = selector;
  if (options.documentIds !== undefined) document.doc_ids = [...options.documentIds];
  if (options.sinceSeq !== undefined) document.since_seq = options.sinceSeq;
  if (options.useCheckpoints !== undefined) document.use_checkpoints = options.useCheckpoints;
  for (const [option, field] of WHOLE_NUMBER_OPTIONS) {
    if (options[option] !== undefined) document[field] = options[option];
  }
  if (options.useBulkGet !== undefined) document.use_bulk_get = options.useBulkGet;
  if (options.winningRevsOnly !== undefined) document.winning_revs_only = options.winningRevsOnly;
  return document;
}
