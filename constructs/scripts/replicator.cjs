#!/usr/bin/env node
// @ts-check
'use strict';
// Writes, deletes and reports on Cloudant replication documents. Terraform runs it from
// terraform_data provisioners (put on create, delete on destroy); people and monitoring
// run `status`. It depends on nothing but Node.js 20 or later, because it runs wherever
// Terraform runs, from the stack's assets folder (with http.cjs beside it).
//
// Secrets: the deployer's key, the two replication keys and every token stay in memory.
// Every line this script prints passes through a mask of all of them, and of any
// credentials written into a URL.

const { readOutputs } = require('./stack-outputs.cjs');
const { BearerClient, DEFAULT_IAM_URL, deployerKey, describeStatus, Failure, IamSession, parseJson, required, retrySettings, SecretMask, send, SYSTEM_RUNTIME } = require('./http.cjs');

/** @typedef {import('./http.cjs').Context} Context @typedef {import('./http.cjs').Reply} Reply @typedef {import('./http.cjs').Runtime} Runtime */
// a document that changes under us again and again is being fought over; stop and say so
const MAX_CONFLICTS = 5;
// scheduler states that need someone's attention
const UNHEALTHY_STATES = ['failed', 'crashing', 'error', 'missing'];

/**
 * @param {Context} context
 * @param {Reply} reply
 * @param {string} what
 * @param {string} role the Cloudant role the caller needs
 */
function unexpected(context, reply, what, role) {
  const hints = {
    401: `the token was refused twice; the key may not belong to this account`,
    403: `the key needs ${role} on the instance, and an enabled CBR rule on it must allow the network this runs from`,
  };
  const hint = /** @type {Record<number, string>} */ (hints)[reply.status];
  return new Failure(context.mask.apply(`${what}: ${describeStatus(reply)}${hint ? `; ${hint}` : ''}`));
}

/**
 * @param {string} docId
 */
function documentPath(docId) {
  return `/_replicator/${encodeURIComponent(docId)}`;
}

/**
 * Reads a replication document's current revision, or undefined when there is none.
 * @param {Context} context
 * @param {BearerClient} cloudant
 * @param {string} docId
 * @param {{ databaseMustExist: boolean }} options
 */
async function currentRevision(context, cloudant, docId, options) {
  const reply = await cloudant.call('GET', documentPath(docId));
  if (reply.status === 200) return /** @type {string} */ (reply.body?._rev);
  if (reply.status === 404) {
    const missingDatabase = reply.body?.reason === 'Database does not exist.';
    if (missingDatabase && options.databaseMustExist) {
      throw new Failure(`${cloudant.baseUrl} has no _replicator database; create it first (CloudantReplication creates it for instances of its own app)`);
    }
    return undefined;
  }
  throw unexpected(context, reply, `reading replication document ${docId} from ${cloudant.baseUrl}`, 'Manager');
}

/**
 * Creates or replaces a replication document. The keys go into the document's
 * `auth.iam.api_key` fields here, and nowhere else.
 * @param {Context} context
 * @param {BearerClient} cloudant
 * @param {{ docId: string, document: Record<string, any>, sourceKey: string, targetKey: string }} request
 */
async function putReplicationDocument(context, cloudant, { docId, document, sourceKey, targetKey }) {
  context.mask.add(sourceKey);
  context.mask.add(targetKey);
  const withKey = (/** @type {Record<string, any>} */ side, /** @type {string} */ key) => ({ ...side, auth: { iam: { api_key: key } } });
  for (let conflicts = 0; ; conflicts++) {
    const rev = await currentRevision(context, cloudant, docId, { databaseMustExist: true });
    const body = {
      ...document,
      _id: docId,
      ...(rev === undefined ? {} : { _rev: rev }),
      source: withKey(document.source, sourceKey),
      target: withKey(document.target, targetKey),
    };
    const reply = await cloudant.call('PUT', documentPath(docId), body);
    if (reply.status === 201 || reply.status === 202) {
      context.log(`replication document ${docId} ${rev === undefined ? 'created' : 'replaced'} in ${cloudant.baseUrl}/_replicator (revision ${reply.body?.rev})`);
      return;
    }
    if (reply.status === 409) {
      if (conflicts >= MAX_CONFLICTS) throw gaveUpOnConflicts(docId, 'writing', conflicts + 1);
      context.log(`replication document ${docId} changed after it was read (409); reading it again`);
      continue;
    }
    throw unexpected(context, reply, `writing replication document ${docId} to ${cloudant.baseUrl}`, 'Manager');
  }
}

/**
 * @param {string} docId
 * @param {string} doing
 * @param {number} conflicts
 */
function gaveUpOnConflicts(docId, doing, conflicts) {
  return new Failure(`${doing} replication document ${docId}: gave up after ${conflicts} conflicts in a row (409): something else keeps changing the document; find the other writer, then apply again`);
}

/**
 * Deletes a replication document, which cancels the replication. A document that is
 * already gone is fine: the state Terraform wants is reached.
 * @param {Context} context
 * @param {BearerClient} cloudant
 * @param {{ docId: string }} request
 */
async function deleteReplicationDocument(context, cloudant, { docId }) {
  for (let conflicts = 0; ; conflicts++) {
    const rev = await currentRevision(context, cloudant, docId, { databaseMustExist: false });
    if (rev === undefined) {
      context.log(`replication document ${docId} is not in ${cloudant.baseUrl}/_replicator; nothing to delete`);
      return;
    }
    const reply = await cloudant.call('DELETE', `${documentPath(docId)}?rev=${encodeURIComponent(rev)}`);
    if (reply.status === 200 || reply.status === 202) {
      context.log(`replication document ${docId} deleted from ${cloudant.baseUrl}/_replicator; the replication is cancelled`);
      return;
    }
    // 409: the scheduler recorded an outcome (a new revision); 404: someone deleted it, and
    // it may be back already: read again either way, success is only what a read shows
    if (reply.status === 409 || reply.status === 404) {
      if (conflicts >= MAX_CONFLICTS) throw gaveUpOnConflicts(docId, 'deleting', conflicts + 1);
      context.log(`replication document ${docId} changed after it was read (${reply.status}); reading it again`);
      continue;
    }
    throw unexpected(context, reply, `deleting replication document ${docId} from ${cloudant.baseUrl}`, 'Manager');
  }
}

/**
 * @typedef {{ name: string, hostUrl: string, docId: string, source?: string, target?: string }} ReplicationEntry
 * @typedef {{ name: string, hostUrl: string, docId: string, state: string, docsWritten?: number, writeFailures?: number, changesPending?: number, lastUpdated?: string, error?: string }} ReplicationStatus
 */

/**
 * The scheduler's view of each replication. The scheduler not knowing a document does not
 * make it missing: the document is read to tell a missing one from one the scheduler has
 * not picked up yet, or from a host without a scheduler endpoint.
 * @param {Context} context
 * @param {(hostUrl: string) => BearerClient} clientFor
 * @param {readonly ReplicationEntry[]} entries
 * @returns {Promise<ReplicationStatus[]>}
 */
async function replicationStatuses(context, clientFor, entries) {
  const results = [];
  for (const entry of entries) {
    const client = clientFor(entry.hostUrl);
    const reply = await client.call('GET', `/_scheduler/docs/_replicator/${encodeURIComponent(entry.docId)}`);
    const base = { name: entry.name, hostUrl: entry.hostUrl, docId: entry.docId };
    if (reply.status === 404) {
      results.push({ ...base, ...(await unscheduledState(context, client, entry.docId)) });
      continue;
    }
    if (reply.status !== 200) throw unexpected(context, reply, `reading the scheduler state of ${entry.docId} from ${entry.hostUrl}`, 'Monitor or Manager');
    const doc = reply.body ?? {};
    const info = doc.info ?? {};
    results.push({
      ...base,
      state: String(doc.state ?? 'unknown'),
      docsWritten: typeof info.docs_written === 'number' ? info.docs_written : undefined,
      writeFailures: typeof info.doc_write_failures === 'number' ? info.doc_write_failures : undefined,
      changesPending: typeof info.changes_pending === 'number' ? info.changes_pending : undefined,
      lastUpdated: typeof doc.last_updated === 'string' ? doc.last_updated : undefined,
      error: typeof info.error === 'string' ? info.error : undefined,
    });
  }
  return results;
}

/**
 * @param {Context} context
 * @param {BearerClient} client
 * @param {string} docId
 * @returns {Promise<{ state: string, error: string }>}
 */
async function unscheduledState(context, client, docId) {
  const rev = await currentRevision(context, client, docId, { databaseMustExist: false });
  if (rev === undefined) return { state: 'missing', error: 'no such replication document; apply the stack to write it' };
  const scheduler = await client.call('GET', '/_scheduler/docs?limit=1');
  if (scheduler.status === 404) return { state: 'unknown', error: `the document exists (revision ${rev}), but this host has no _scheduler endpoint to report on it` };
  if (scheduler.status !== 200) throw unexpected(context, scheduler, `reading the scheduler of ${client.baseUrl}`, 'Monitor or Manager');
  return { state: 'waiting', error: `the document exists (revision ${rev}); the scheduler has not picked it up yet: check again in a minute` };
}

/** @param {ReplicationStatus} status */
function isUnhealthy(status) {
  return UNHEALTHY_STATES.includes(status.state);
}

const HEADINGS = ['REPLICATION', 'STATE', 'DOCS WRITTEN', 'WRITE FAILURES', 'PENDING', 'LAST UPDATE', 'ERROR'];

/**
 * A fixed-width table of statuses, one line per replication.
 * @param {readonly ReplicationStatus[]} statuses
 */
function formatStatusTable(statuses) {
  const rows = [
    HEADINGS,
    ...statuses.map((s) => [
      s.name,
      s.state,
      s.docsWritten === undefined ? '-' : String(s.docsWritten),
      s.writeFailures === undefined ? '-' : String(s.writeFailures),
      s.changesPending === undefined ? '-' : String(s.changesPending),
      s.lastUpdated ?? '-',
      s.error ?? '',
    ]),
  ];
  const widths = HEADINGS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

/**
 * The replications named in Terraform outputs: either all outputs
 * (`terraform output -json`) or the value of the `replications` output alone.
 * @param {unknown} outputs
 * @param {string} origin where the outputs came from, for messages
 * @returns {ReplicationEntry[]}
 */
function replicationsFromOutputs(outputs, origin) {
  const all = /** @type {Record<string, any>} */ (outputs ?? {});
  const value = all.replications && typeof all.replications === 'object' && 'value' in all.replications ? all.replications.value : all;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Failure(`${origin} holds no replications output; apply the stack (it adds the output with its first replication)`);
  }
  return Object.entries(value).map(([name, entry]) => {
    if (!entry || typeof entry.host_url !== 'string' || typeof entry.document_id !== 'string') {
      throw new Failure(`${origin}: replication ${JSON.stringify(name)} has no host_url and document_id; is this the replications output of an ibm-data-guard stack?`);
    }
    return { name, hostUrl: entry.host_url, docId: entry.document_id, source: entry.source_url, target: entry.target_url };
  });
}

/** @param {string} hostUrl @param {Context} context @param {IamSession} iam */
function cloudantClient(context, iam, hostUrl) {
  return new BearerClient(context, iam, hostUrl, { service: 'Cloudant' });
}

/**
 * Runs one command. Returns the exit code: 0 done, 1 failed (or, for status, an unhealthy
 * replication), 2 the command could not run as asked (or, for status, could not tell).
 * @param {readonly string[]} argv the arguments after the script
 * @param {NodeJS.ProcessEnv} env
 * @param {{ out: (line: string) => void, err: (line: string) => void }} io
 * @param {Runtime} [runtime] the clock, waits and deadlines; tests pass their own
 */
async function run(argv, env, io, runtime = SYSTEM_RUNTIME) {
  const mask = new SecretMask();
  const [command, ...rest] = argv;
  try {
    const context = { settings: retrySettings(env, 'REPLICATION'), mask, runtime, log: (/** @type {string} */ line) => io.err(mask.apply(line)) };
    switch (command) {
      case 'put': {
        const { key, label } = deployerKey(env, env.REPLICATION_DEPLOYER_KEY_VARIABLE, 'the replication document is written');
        const iam = new IamSession(context, env.REPLICATION_IAM_URL || DEFAULT_IAM_URL, key, label);
        const cloudant = cloudantClient(context, iam, required(env, 'REPLICATION_HOST_URL'));
        const document = parseDocument(required(env, 'REPLICATION_DOCUMENT'));
        await putReplicationDocument(context, cloudant, {
          docId: required(env, 'REPLICATION_DOCUMENT_ID'),
          document,
          sourceKey: required(env, 'REPLICATION_SOURCE_API_KEY'),
          targetKey: required(env, 'REPLICATION_TARGET_API_KEY'),
        });
        return 0;
      }
      case 'delete': {
        const { key, label } = deployerKey(env, env.REPLICATION_DEPLOYER_KEY_VARIABLE, 'the replication document is written');
        const iam = new IamSession(context, env.REPLICATION_IAM_URL || DEFAULT_IAM_URL, key, label);
        const cloudant = cloudantClient(context, iam, required(env, 'REPLICATION_HOST_URL'));
        await deleteReplicationDocument(context, cloudant, { docId: required(env, 'REPLICATION_DOCUMENT_ID') });
        return 0;
      }
      case 'status':
        return await status(rest, env, io, context);
      default:
        io.err(USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof Failure) {
      io.err(mask.apply(`error: ${error.message}`));
      return command === 'status' ? 2 : 1;
    }
    // never let a stack trace carry a secret out
    io.err(mask.apply(`error: ${error instanceof Error ? error.message : String(error)}`));
    return command === 'status' ? 2 : 1;
  }
}

const USAGE = `usage:
  replicator.cjs put       write the replication document (Terraform runs this; settings come from REPLICATION_* variables)
  replicator.cjs delete    delete it, which cancels the replication
  replicator.cjs status <environment> [--outputs FILE] [--stack-dir DIR] [--api-key-variable NAME] [--iam-url URL] [--json]
                           the scheduler state of each replication of an environment; exit 1 if any is failed, crashing, in error or missing`;

/** @param {string} text */
function parseDocument(text) {
  const document = parseJson(text);
  if (!document || typeof document !== 'object' || typeof document.source?.url !== 'string' || typeof document.target?.url !== 'string') {
    throw new Failure('REPLICATION_DOCUMENT is not a replication document with source.url and target.url');
  }
  // _deleted would delete the document while the script reports it written; _rev and the
  // rest belong to the database, and _id is the document ID's
  const reserved = Object.keys(document).filter((key) => key.startsWith('_'));
  if (reserved.length > 0) {
    throw new Failure(`REPLICATION_DOCUMENT holds ${reserved.join(', ')}; fields starting with _ belong to the database (the document ID comes from REPLICATION_DOCUMENT_ID): remove them`);
  }
  return document;
}

/**
 * @param {readonly string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @param {{ out: (line: string) => void, err: (line: string) => void }} io
 * @param {Context} context
 */
async function status(args, env, io, context) {
  const options = parseStatusArguments(args);
  const entries = replicationsFromOutputs(...readOutputs(options));
  const variable = options.apiKeyVariable;
  const { key, label } = variable ? { key: env[variable], label: variable } : deployerKeyForStatus(env);
  if (!key) throw new Failure(`${variable} is not set; it should hold an API key with Monitor (or Manager) on the instances`);
  const iam = new IamSession(context, options.iamUrl ?? env.REPLICATION_IAM_URL ?? DEFAULT_IAM_URL, key, label);
  const clients = new Map();
  const clientFor = (/** @type {string} */ hostUrl) => {
    if (!clients.has(hostUrl)) clients.set(hostUrl, cloudantClient(context, iam, hostUrl));
    return clients.get(hostUrl);
  };
  const statuses = await replicationStatuses(context, clientFor, entries);
  io.out(context.mask.apply(options.json ? JSON.stringify(statuses, null, 2) : formatStatusTable(statuses)));
  const unhealthy = statuses.filter(isUnhealthy);
  if (unhealthy.length > 0) {
    io.err(`${unhealthy.length} of ${statuses.length} replication${statuses.length === 1 ? '' : 's'} need${unhealthy.length === 1 ? 's' : ''} attention: ${unhealthy.map((s) => `${s.name} (${s.state})`).join(', ')}`);
    return 1;
  }
  const unknown = statuses.filter((s) => s.state === 'unknown');
  if (unknown.length > 0) {
    io.err(`the state of ${unknown.map((s) => s.name).join(', ')} cannot be told from ${unknown.length === 1 ? 'its host' : 'their hosts'}`);
    return 2;
  }
  return 0;
}

/** @param {NodeJS.ProcessEnv} env */
function deployerKeyForStatus(env) {
  for (const name of ['REPLICATION_STATUS_API_KEY', 'IBMCLOUD_API_KEY', 'IC_API_KEY']) {
    if (env[name]) return { key: env[name], label: name };
  }
  throw new Failure('set REPLICATION_STATUS_API_KEY (a key with Monitor on the instances) or IBMCLOUD_API_KEY');
}

/**
 * @param {readonly string[]} args
 */
function parseStatusArguments(args) {
  /** @type {{ environment?: string, outputs?: string, stackDir?: string, apiKeyVariable?: string, iamUrl?: string, json: boolean }} */
  const options = { json: false };
  const flags = /** @type {const} */ ({ '--outputs': 'outputs', '--stack-dir': 'stackDir', '--api-key-variable': 'apiKeyVariable', '--iam-url': 'iamUrl' });
  for (let i = 0; i < args.length; i++) {
    const arg = /** @type {string} */ (args[i]);
    if (arg === '--json') options.json = true;
    else if (arg in flags) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new Failure(`${arg} needs a value\n${USAGE}`);
      options[flags[/** @type {keyof typeof flags} */ (arg)]] = value;
    } else if (!arg.startsWith('--') && options.environment === undefined) options.environment = arg;
    else throw new Failure(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (options.outputs === undefined && options.stackDir === undefined && options.environment === undefined) {
    throw new Failure(`name the environment (or give --outputs or --stack-dir)\n${USAGE}`);
  }
  return options;
}

module.exports = {
  DEFAULT_IAM_URL,
  SYSTEM_RUNTIME,
  Failure,
  SecretMask,
  retrySettings,
  send,
  IamSession,
  BearerClient,
  putReplicationDocument,
  deleteReplicationDocument,
  replicationStatuses,
  isUnhealthy,
  formatStatusTable,
  replicationsFromOutputs,
  run,
};

if (require.main === module) {
  run(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
