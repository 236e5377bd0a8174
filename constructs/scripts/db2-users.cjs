#!/usr/bin/env node
// @ts-check
'use strict';
// Creates, checks and deletes the Db2 users that IAM service IDs are mapped to, and makes
// their privileges exactly the declared ones. Terraform runs it from terraform_data
// provisioners (put-user and sync-privileges on create, delete-user on destroy);
// `ibm-data-guard db2 check` runs `checkUser`. It depends on nothing but Node.js 20 or
// later and the files beside it, because it runs wherever Terraform runs.
//
// Users go through the Db2 SaaS REST API (`/users`, IAM bearer token, `x-deployment-id`
// naming the instance); privileges through the SQL endpoint (`/sql_jobs`) on the
// instance's own host, as the deployer's Db2 user. An IAM user has no password: none is
// ever sent. Keys and tokens stay in memory and every printed line is masked.
const { BearerClient, DEFAULT_IAM_URL, deployerKey, describeStatus, Failure, IamSession, numberSetting, parseJson, required, retrySettings, SecretMask, SYSTEM_RUNTIME } = require('./http.cjs');
const sql = require('./db2-sql.cjs');
const { readOutputs } = require('./stack-outputs.cjs');

/** @typedef {import('./http.cjs').Context} Context @typedef {import('./http.cjs').Reply} Reply @typedef {import('./http.cjs').Runtime} Runtime */
/** @typedef {import('./db2-sql.cjs').Grant} Grant */
/** @typedef {{ id: string, ibmid: string, role: string, name: string }} DeclaredUser */

// SQL job states the Db2 REST API reports once a job has run
const FINISHED_JOB_STATES = ['completed', 'failed'];

/**
 * How long to wait for SQL jobs, from the environment so that tests can shorten it.
 * @param {NodeJS.ProcessEnv} env
 */
function sqlWaitSettings(env) {
  return { pollMs: numberSetting(env, 'DB2_SQL_POLL_MS', 2000), maxWaitMs: numberSetting(env, 'DB2_SQL_MAX_WAIT_MS', 300000) };
}

/**
 * The `x-deployment-id` header: the instance CRN, raw or URL-encoded (an open point: the
 * provider encodes it, the SDK's examples do not).
 * @param {string} crn
 * @param {string | undefined} encoding
 */
function deploymentHeader(crn, encoding) {
  if (!crn.startsWith('crn:')) throw new Failure(`DB2_DEPLOYMENT_ID is not an instance CRN (crn:v1:…:dashdb-for-transactions:…)`);
  if (encoding !== undefined && encoding !== '' && encoding !== 'raw' && encoding !== 'url-encoded') {
    throw new Failure(`DB2_DEPLOYMENT_ID_ENCODING=${JSON.stringify(encoding)} is not raw or url-encoded`);
  }
  return { 'x-deployment-id': encoding === 'url-encoded' ? encodeURIComponent(crn) : crn };
}

/**
 * @param {Context} context
 * @param {Reply} reply
 * @param {string} what
 * @param {string} hint403 what a 403 means here
 */
function unexpected(context, reply, what, hint403) {
  const hints = {
    401: 'the token was refused twice; the key may not belong to the instance\'s account',
    403: hint403,
    404: 'the API does not know this instance; check the CRN and that the API URL serves its region (DB2 API URL is an open point: see the README)',
  };
  const hint = /** @type {Record<number, string>} */ (hints)[reply.status];
  return new Failure(context.mask.apply(`${what}: ${describeStatus(reply)}${hint ? `; ${hint}` : ''}`));
}

// Open point 5: the least IAM role for /users is Administrator by IBM's user-management table
// (Manager appears in another). Open point 2: whether the v4 API takes an IAM user without a
// password; none is ever sent, since a password would be a second way in.
const MANAGE_USERS_HINT = 'the deployer\'s key needs Administrator on the Db2 instance to manage its users, and an enabled CBR rule must allow this network';

/**
 * @param {string} userId
 */
function userPath(userId) {
  return `/users/${encodeURIComponent(userId)}`;
}

/**
 * How a user read from the API differs from the declared one; empty when it matches.
 * @param {any} found the API's user (camelCase fields)
 * @param {DeclaredUser} declared
 */
function userDifferences(found, declared) {
  const differences = [];
  if (found?.iam !== true && found?.iam !== 'true') differences.push(`it is not an IAM user (iam: ${JSON.stringify(found?.iam)})`);
  if (String(found?.ibmid ?? '') !== declared.ibmid) differences.push(`it is mapped to ${JSON.stringify(found?.ibmid ?? null)}, not ${declared.ibmid}`);
  if (String(found?.role ?? '') !== declared.role) differences.push(`its role is ${JSON.stringify(found?.role ?? null)}, not ${declared.role}`);
  if (found?.locked === 'yes' || found?.locked === true) differences.push('it is locked');
  return differences;
}

/**
 * The request body for an IAM user: no password, e-mail or authentication policy, which
 * belong to password users.
 * @param {DeclaredUser} declared
 */
function userBody(declared) {
  return { id: declared.id, iam: true, ibmid: declared.ibmid, name: declared.name, role: declared.role, locked: 'no' };
}

/**
 * Creates the user, or updates it when it is ours but differs, then reads it back: the
 * apply fails unless the API shows it as declared.
 * @param {Context} context
 * @param {BearerClient} api
 * @param {DeclaredUser} declared
 * @param {{ again?: boolean }} [options]
 * @returns {Promise<void>}
 */
async function putUser(context, api, declared, options = {}) {
  const existing = await api.call('GET', userPath(declared.id));
  if (existing.status === 200) {
    const differences = userDifferences(existing.body, declared);
    if (differences.length === 0) {
      context.log(`Db2 user ${declared.id} is already mapped to ${declared.ibmid} as ${declared.role}`);
    } else if (existing.body?.iam !== true && existing.body?.iam !== 'true') {
      throw new Failure(`Db2 user ${declared.id} already exists as a password user; IBM's way to make it an IAM user is to delete it and add it again with the same ID (its grants are kept): delete it in the Db2 console (Settings > Manage users), then apply again`);
    } else if (String(existing.body?.ibmid ?? '') !== declared.ibmid) {
      throw new Failure(`Db2 user ${declared.id} already exists, mapped to ${existing.body?.ibmid}: another identity uses it; choose another userId, or delete that user in the Db2 console if it is no longer used`);
    } else {
      const reply = await api.call('PUT', userPath(declared.id), userBody(declared));
      if (reply.status !== 200 && reply.status !== 201 && reply.status !== 204) throw unexpected(context, reply, `updating Db2 user ${declared.id}`, MANAGE_USERS_HINT);
      context.log(`Db2 user ${declared.id} updated (${differences.join('; ')})`);
    }
  } else if (existing.status === 404) {
    const reply = await api.call('POST', '/users', userBody(declared));
    // a retried POST whose first answer was lost, or someone else: read it again and decide
    if (reply.status === 409 && !options.again) return putUser(context, api, declared, { again: true });
    if (reply.status !== 200 && reply.status !== 201) {
      throw unexpected(context, reply, `creating Db2 user ${declared.id}`, MANAGE_USERS_HINT) ;
    }
    context.log(`Db2 user ${declared.id} created, mapped to ${declared.ibmid} as ${declared.role}`);
  } else {
    throw unexpected(context, existing, `reading Db2 user ${declared.id}`, MANAGE_USERS_HINT);
  }
  const check = await api.call('GET', userPath(declared.id));
  if (check.status === 404) throw new Failure(`Db2 user ${declared.id} is not there after it was written; the API accepted the request but kept no user (an IAM user without a password may be refused silently: see the README's open points)`);
  if (check.status !== 200) throw unexpected(context, check, `reading Db2 user ${declared.id} back`, MANAGE_USERS_HINT);
  const differences = userDifferences(check.body, declared);
  if (differences.length > 0) throw new Failure(`Db2 user ${declared.id} is not as declared after it was written: ${differences.join('; ')}`);
}

/**
 * Deletes a user; one that is already gone is fine.
 * @param {Context} context
 * @param {BearerClient} api
 * @param {string} userId
 */
async function deleteUser(context, api, userId) {
  const reply = await api.call('DELETE', userPath(userId));
  if (reply.status === 404) {
    context.log(`Db2 user ${userId} is not there; nothing to delete`);
    return;
  }
  if (reply.status !== 200 && reply.status !== 202 && reply.status !== 204) throw unexpected(context, reply, `deleting Db2 user ${userId}`, MANAGE_USERS_HINT);
  context.log(`Db2 user ${userId} deleted`);
}

/** @param {any} result */
function refusedStatement(result) {
  return Boolean(result && typeof result.error === 'string' && result.error !== '');
}

/**
 * @param {Context} context
 * @param {string} purpose
 * @param {any} result a statement Db2 refused
 * @param {string} hint what a missing authority means here
 */
function refusal(context, purpose, result, hint) {
  return new Failure(context.mask.apply(`${purpose}: Db2 refused ${JSON.stringify(result.command ?? '')}: ${result.error}${/SQL0551N|SQL0552N|42501/.test(result.error) ? `; ${hint}` : ''}`));
}

/**
 * Runs statements as one SQL job and waits for it, showing progress. Returns each
 * statement's result; fails on the first statement Db2 refused, unless `keepGoing`, when
 * every statement runs and the caller judges the outcome.
 * @param {Context} context
 * @param {BearerClient} db
 * @param {readonly string[]} statements
 * @param {{ pollMs: number, maxWaitMs: number }} wait
 * @param {string} purpose what the job does, for messages
 * @param {string} hint403 what a refusal means here
 * @param {{ keepGoing?: boolean }} [options]
 * @returns {Promise<any[]>}
 */
async function runSql(context, db, statements, wait, purpose, hint403, options = {}) {
  const submitted = await db.call('POST', '/sql_jobs', { commands: statements.join(';\n'), limit: 10000, separator: ';', stop_on_error: options.keepGoing ? 'no' : 'yes' });
  if (submitted.status === 404) {
    throw new Failure(
      context.mask.apply(
        `${purpose}: POST ${db.baseUrl}/sql_jobs: ${describeStatus(submitted)}: this instance's API serves no SQL endpoint there, or does not know the instance. IBM documents /sql_jobs for the Standard and Enterprise plans' v4 API; whether the Performance plan serves it is an open point (see the README). Set privilegesBy: dba and have a DBA run the db2_users output's grant_sql`,
      ),
    );
  }
  if (submitted.status !== 200 && submitted.status !== 201) throw unexpected(context, submitted, `${purpose}: submitting the SQL job`, hint403);
  const jobId = submitted.body?.id;
  if (typeof jobId !== 'string' || jobId === '') throw new Failure(`${purpose}: the SQL endpoint answered without a job ID`);
  const started = context.runtime.now();
  /** @type {any[]} */
  const results = [];
  for (let polls = 1; ; polls++) {
    const reply = await db.call('GET', `/sql_jobs/${encodeURIComponent(jobId)}`);
    if (reply.status !== 200) throw unexpected(context, reply, `${purpose}: reading SQL job ${jobId}`, hint403);
    // each read returns the results that finished since the last one
    if (Array.isArray(reply.body?.results)) results.push(...reply.body.results);
    const refused = results.find(refusedStatement);
    if (refused && !options.keepGoing) throw refusal(context, purpose, refused, hint403);
    const state = String(reply.body?.status ?? '');
    if (FINISHED_JOB_STATES.includes(state)) {
      if (state === 'failed' && !refused) throw new Failure(`${purpose}: SQL job ${jobId} failed without saying which statement`);
      return results;
    }
    const waited = context.runtime.now() - started;
    if (waited >= wait.maxWaitMs) throw new Failure(`${purpose}: SQL job ${jobId} has not finished after ${Math.round(waited / 1000)} s (state ${state || 'unknown'}); check it in the Db2 console, then apply again`);
    context.log(`${purpose}: SQL job ${jobId} is ${state || 'queued'}; waiting (${polls} ${polls === 1 ? 'check' : 'checks'}, ${Math.round(waited / 1000)} s)`);
    await context.runtime.sleep(wait.pollMs);
  }
}

/**
 * What the user holds directly, read from the catalog.
 * @param {Context} context
 * @param {BearerClient} db
 * @param {string} userId
 * @param {{ pollMs: number, maxWaitMs: number }} wait
 * @param {string} hint403
 */
async function heldGrants(context, db, userId, wait, hint403) {
  const results = await runSql(context, db, sql.catalogQueries(userId), wait, `reading the privileges of ${userId}`, hint403);
  return sql.grantsFromRows(results.map((result) => (Array.isArray(result?.rows) ? result.rows : [])));
}

const GRANTOR_HINT = "the deployer's own Db2 user runs the GRANTs: it must be bluadmin (or hold ACCESSCTRL); or set privilegesBy: dba and have a DBA run the db2_users output's grant_sql";

/**
 * Makes the user's direct privileges exactly the declared ones, then reads them back.
 * @param {Context} context
 * @param {BearerClient} db
 * @param {string} userId
 * @param {readonly Grant[]} declared
 * @param {{ pollMs: number, maxWaitMs: number }} wait
 */
async function syncPrivileges(context, db, userId, declared, wait) {
  const held = await heldGrants(context, db, userId, wait, GRANTOR_HINT);
  const { missing, extra } = sql.difference(declared, held);
  if (missing.length === 0 && extra.length === 0) {
    context.log(`Db2 user ${userId} holds exactly the declared privileges (${declared.length})`);
    return;
  }
  const statements = [...sql.revokeStatements(userId, extra), ...sql.grantStatements(userId, missing)];
  const purpose = `changing the privileges of ${userId}`;
  // every statement runs and the catalog decides: a job retried after its answer was lost
  // repeats REVOKEs that Db2 then refuses (SQL0556N), which changes nothing that matters
  const refused = (await runSql(context, db, statements, wait, purpose, GRANTOR_HINT, { keepGoing: true })).filter(refusedStatement);
  const after = await heldGrants(context, db, userId, wait, GRANTOR_HINT);
  const left = sql.difference(declared, after);
  if ((left.missing.length > 0 || left.extra.length > 0) && refused.length > 0) throw refusal(context, purpose, refused[0], GRANTOR_HINT);
  if (refused.length > 0) context.log(`${purpose}: Db2 refused ${refused.length} statement${refused.length === 1 ? '' : 's'} (${refused.map((result) => String(result.error).split(' ')[0]).join(', ')}), yet the privileges are as declared`);
  if (left.missing.length > 0 || left.extra.length > 0) {
    const parts = [...left.missing.map((g) => `missing ${sql.describeGrant(g)}`), ...left.extra.map((g) => `still holds ${sql.describeGrant(g)}`)];
    throw new Failure(`the privileges of Db2 user ${userId} are not as declared after the GRANTs and REVOKEs ran: ${parts.join('; ')}`);
  }
  context.log(`Db2 user ${userId}: granted ${missing.length}, revoked ${extra.length}${missing.length + extra.length > 0 ? ` (${[...missing.map((g) => `+${sql.describeGrant(g)}`), ...extra.map((g) => `-${sql.describeGrant(g)}`)].join(', ')})` : ''}`);
}

/**
 * Revokes every privilege granted to the user directly, before it is deleted: Db2 keeps
 * grants for an authorization ID, so a user added later with the same ID would get them.
 * @param {Context} context
 * @param {BearerClient} db
 * @param {string} userId
 * @param {{ pollMs: number, maxWaitMs: number }} wait
 */
async function revokeAll(context, db, userId, wait) {
  const held = await heldGrants(context, db, userId, wait, GRANTOR_HINT);
  if (held.length === 0) return;
  await runSql(context, db, sql.revokeStatements(userId, held), wait, `revoking the privileges of ${userId}`, GRANTOR_HINT);
  context.log(`Db2 user ${userId}: revoked ${held.length} privilege${held.length === 1 ? '' : 's'}`);
}

/**
 * The `iam_id` an IAM access token was issued to (its payload is not verified here: the
 * token came straight from IAM over TLS).
 * @param {string} token
 */
function tokenIamId(token) {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  const claims = parseJson(Buffer.from(payload, 'base64url').toString('utf8'));
  return claims && typeof claims.iam_id === 'string' ? claims.iam_id : undefined;
}

/**
 * One user of the stack's `db2_users` output.
 * @typedef {{ instance: string, instance_crn: string, api_url: string, sql_url: string, deployment_id_encoding?: string, user_id: string, identity: string, ibmid: string, role: string, grants: Grant[] }} OutputEntry
 * @typedef {{ verdict: 'working' | 'not working' | 'cannot check', lines: string[] }} CheckResult
 */

/**
 * What `ibm-data-guard db2 check` does: as the identity, with its own key, exchange the key,
 * confirm the Db2 user exists and is mapped to it, run IBM's walkthrough query (count the
 * tables in SYSCAT.TABLES) and compare its privileges with the declared ones.
 * @param {Context} context
 * @param {OutputEntry} entry
 * @param {{ apiKey: string, keyLabel: string, adminKey?: string, adminKeyLabel?: string, iamUrl?: string, wait: { pollMs: number, maxWaitMs: number } }} options
 * @returns {Promise<CheckResult>}
 */
async function checkUser(context, entry, options) {
  /** @type {string[]} */
  const lines = [];
  const say = (/** @type {string} */ line) => lines.push(context.mask.apply(line));
  const notWorking = (/** @type {string} */ line) => (say(line), /** @type {CheckResult} */ ({ verdict: 'not working', lines }));
  if (!USER_ID.test(entry.user_id)) throw new Failure(`the output names Db2 user ${JSON.stringify(entry.user_id)}, which is not a Db2 user ID`);
  const headers = deploymentHeader(entry.instance_crn, entry.deployment_id_encoding);
  const iamUrl = options.iamUrl ?? DEFAULT_IAM_URL;
  const session = new IamSession(context, iamUrl, options.apiKey, options.keyLabel);
  let token;
  try {
    token = await session.token();
  } catch (error) {
    if (error instanceof Failure && /^IAM refused/.test(error.message)) return notWorking(`✗ ${error.message}`);
    throw error;
  }
  say(`✓ IAM issued a token for the key in ${options.keyLabel}`);
  const owner = tokenIamId(token);
  const expected = entry.ibmid.startsWith('iam-') ? entry.ibmid : `iam-${entry.ibmid}`;
  if (owner !== undefined && owner !== expected) return notWorking(`✗ the key belongs to ${owner}, not to ${entry.identity} (${expected}); use a key of that service ID`);
  if (owner !== undefined) say(`✓ the key belongs to ${entry.identity} (${owner})`);

  const adminSession = options.adminKey ? new IamSession(context, iamUrl, options.adminKey, options.adminKeyLabel ?? 'the admin key') : session;
  const api = new BearerClient(context, adminSession, entry.api_url, { service: 'Db2 REST API', headers });
  const user = await api.call('GET', userPath(entry.user_id));
  if (user.status === 404) return notWorking(`✗ Db2 user ${entry.user_id} does not exist on ${entry.instance}; apply the stack to create it`);
  if (user.status === 200) {
    const differences = userDifferences(user.body, { id: entry.user_id, ibmid: entry.ibmid, role: entry.role, name: entry.identity });
    if (differences.length > 0) return notWorking(`✗ Db2 user ${entry.user_id} is not as declared: ${differences.join('; ')}`);
    say(`✓ Db2 user ${entry.user_id} exists, mapped to ${entry.ibmid} as ${entry.role}`);
  } else if (user.status === 401 || user.status === 403) {
    say(`? cannot read Db2 user ${entry.user_id} with this key (${describeStatus(user)}): reading users needs Administrator on the instance (--admin-api-key-variable); the query below shows whether the identity is a Db2 user`);
  } else {
    throw unexpected(context, user, `reading Db2 user ${entry.user_id}`, MANAGE_USERS_HINT);
  }

  const db = new BearerClient(context, session, entry.sql_url, { service: 'Db2 SQL endpoint', headers });
  const asIdentity = `as ${entry.identity}`;
  let tables;
  try {
    const [result] = await runSql(context, db, ['SELECT COUNT(*) FROM SYSCAT.TABLES'], options.wait, `querying ${asIdentity}`, 'the identity is not a Db2 user of this instance, or the user is locked');
    tables = result?.rows?.[0]?.[0];
  } catch (error) {
    if (error instanceof Failure) return notWorking(`✗ ${error.message}`);
    throw error;
  }
  say(`✓ connected ${asIdentity} and ran SELECT COUNT(*) FROM SYSCAT.TABLES: ${tables} tables`);

  let held;
  try {
    held = await heldGrants(context, db, entry.user_id, options.wait, 'the user cannot read the catalog (SYSCAT is readable by PUBLIC unless a DBA revoked it)');
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    say(`? cannot read the user's privileges: ${error.message}`);
    return { verdict: 'cannot check', lines };
  }
  const { missing, extra } = sql.difference(entry.grants, held);
  for (const grant of missing) say(`✗ missing: ${sql.describeGrant(grant)}`);
  for (const grant of extra) say(`! also holds, not declared: ${sql.describeGrant(grant)}`);
  if (missing.length > 0) {
    say(`run the db2_users output's grant_sql for ${entry.user_id} as a DBA, or apply the stack (privilegesBy: apply)`);
    return { verdict: 'not working', lines };
  }
  say(`✓ holds every declared privilege (${entry.grants.length})`);
  return { verdict: 'working', lines };
}

/**
 * The Db2 users of a stack's `db2_users` output: either all outputs (`terraform output
 * -json`) or the value of that output alone.
 * @param {unknown} outputs
 * @param {string} origin where the outputs came from, for messages
 * @returns {[string, OutputEntry][]}
 */
function db2UsersFromOutputs(outputs, origin) {
  const all = /** @type {Record<string, any>} */ (outputs ?? {});
  const value = all.db2_users && typeof all.db2_users === 'object' && 'value' in all.db2_users ? all.db2_users.value : all;
  const entries = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  const users = entries.filter(([, entry]) => entry && typeof entry.user_id === 'string' && typeof entry.instance_crn === 'string' && typeof entry.sql_url === 'string');
  if (users.length === 0) throw new Failure(`${origin} holds no db2_users output; apply a stack that maps an identity to a Db2 user (Db2Instance.grantAccess, or identities.<key>.db2)`);
  return /** @type {[string, OutputEntry][]} */ (users);
}

/**
 * `ibm-data-guard db2 check`: every Db2 user the identity is mapped to in an environment,
 * checked as the identity. Returns 0 working, 1 not working, 2 cannot check.
 * @param {{ identity: string, environment?: string, outputs?: string, stackDir?: string, apiKeyVariable?: string, adminApiKeyVariable?: string, iamUrl?: string }} options
 * @param {NodeJS.ProcessEnv} env
 * @param {{ out: (line: string) => void, err: (line: string) => void }} io
 * @param {Runtime} [runtime]
 */
async function checkCommand(options, env, io, runtime = SYSTEM_RUNTIME) {
  const mask = new SecretMask();
  try {
    const context = { settings: retrySettings(env, 'DB2'), mask, runtime, log: (/** @type {string} */ line) => io.err(mask.apply(line)) };
    const [outputs, origin] = readOutputs(options);
    const entries = db2UsersFromOutputs(outputs, origin);
    const chosen = entries.filter(([key, entry]) => entry.identity === options.identity || entry.user_id === options.identity || key === options.identity);
    if (chosen.length === 0) {
      const known = [...new Set(entries.map(([, entry]) => entry.identity))].sort();
      throw new Failure(`${origin} maps no Db2 user to ${JSON.stringify(options.identity)}; name one of ${known.join(', ')} (a service ID's name, a Db2 user ID, or <instance>/<user ID>)`);
    }
    const variable = options.apiKeyVariable ?? 'DB2_CHECK_API_KEY';
    const apiKey = env[variable];
    if (!apiKey) throw new Failure(`${variable} is not set: put an API key of ${options.identity} in it (a key is never a command-line argument)`);
    mask.add(apiKey);
    const adminKey = options.adminApiKeyVariable ? env[options.adminApiKeyVariable] : undefined;
    if (options.adminApiKeyVariable && !adminKey) throw new Failure(`${options.adminApiKeyVariable} is not set: it should hold a key with Administrator on the Db2 instance, to read the user`);
    const verdicts = [];
    for (const [, entry] of chosen) {
      io.err(`checking ${entry.identity} as Db2 user ${entry.user_id} on ${entry.instance}…`);
      const result = await checkUser(context, entry, {
        apiKey,
        keyLabel: variable,
        adminKey,
        adminKeyLabel: options.adminApiKeyVariable,
        iamUrl: options.iamUrl ?? env.DB2_IAM_URL,
        wait: sqlWaitSettings(env),
      });
      for (const line of result.lines) io.out(mask.apply(line));
      io.out(`${entry.identity} on ${entry.instance}: ${result.verdict}`);
      verdicts.push(result.verdict);
    }
    return verdicts.includes('not working') ? 1 : verdicts.includes('cannot check') ? 2 : 0;
  } catch (error) {
    io.err(mask.apply(`error: ${error instanceof Error ? error.message : String(error)}`));
    return 2;
  }
}

/**
 * Runs one Terraform step. Returns the exit code: 0 done, 1 failed, 2 asked wrongly.
 * @param {readonly string[]} argv the arguments after the script
 * @param {NodeJS.ProcessEnv} env
 * @param {{ out: (line: string) => void, err: (line: string) => void }} io
 * @param {Runtime} [runtime] the clock, waits and deadlines; tests pass their own
 */
async function run(argv, env, io, runtime = SYSTEM_RUNTIME) {
  const mask = new SecretMask();
  const [command] = argv;
  if (!['put-user', 'delete-user', 'sync-privileges'].includes(command ?? '')) {
    io.err(USAGE);
    return 2;
  }
  try {
    const context = { settings: retrySettings(env, 'DB2'), mask, runtime, log: (/** @type {string} */ line) => io.err(mask.apply(line)) };
    const wait = sqlWaitSettings(env);
    const { key, label } = deployerKey(env, env.DB2_DEPLOYER_KEY_VARIABLE, 'Db2 users are managed');
    const iam = new IamSession(context, env.DB2_IAM_URL || DEFAULT_IAM_URL, key, label);
    const headers = deploymentHeader(required(env, 'DB2_DEPLOYMENT_ID'), env.DB2_DEPLOYMENT_ID_ENCODING);
    const sqlClient = () => {
      const url = required(env, 'DB2_SQL_URL');
      // the connection info had no hostname for the endpoint the stack deploys through
      if (/^https?:\/\/\//.test(url)) throw new Failure('DB2_SQL_URL has no host: the instance reports no hostname on the endpoint this stack deploys through; set deployEndpoint to an endpoint the instance serves');
      return new BearerClient(context, iam, url, { service: 'Db2 SQL endpoint', headers });
    };
    switch (command) {
      case 'put-user': {
        const api = new BearerClient(context, iam, required(env, 'DB2_API_URL'), { service: 'Db2 REST API', headers });
        await putUser(context, api, parseUser(required(env, 'DB2_USER')));
        return 0;
      }
      case 'sync-privileges':
        await syncPrivileges(context, sqlClient(), userIdOf(env), parseGrants(required(env, 'DB2_GRANTS')), wait);
        return 0;
      default: {
        const userId = userIdOf(env);
        // privileges first: Db2 keeps them for the ID after the user is gone
        if (env.DB2_SQL_URL) await revokeAll(context, sqlClient(), userId, wait);
        else context.log(`privileges of ${userId} are a DBA's to revoke (privilegesBy: dba): REVOKE them before adding a user with this ID again`);
        const api = new BearerClient(context, iam, required(env, 'DB2_API_URL'), { service: 'Db2 REST API', headers });
        await deleteUser(context, api, userId);
        return 0;
      }
    }
  } catch (error) {
    // never let a stack trace carry a secret out
    io.err(mask.apply(`error: ${error instanceof Error ? error.message : String(error)}`));
    return 1;
  }
}

const USAGE = `usage (Terraform runs these; settings come from DB2_* variables):
  db2-users.cjs put-user          create or update the Db2 user, then read it back
  db2-users.cjs sync-privileges   make the user's privileges exactly the declared ones
  db2-users.cjs delete-user       revoke its privileges, then delete it`;

/** @param {string} text */
function parseUser(text) {
  const user = parseJson(text);
  if (!user || typeof user !== 'object' || ['id', 'ibmid', 'role'].some((field) => typeof user[field] !== 'string' || user[field] === '')) {
    throw new Failure('DB2_USER is not a user with id, ibmid and role');
  }
  if ('password' in user) throw new Failure('DB2_USER holds a password; IAM users have none: remove it');
  if (!USER_ID.test(user.id)) throw new Failure(`DB2_USER's id ${JSON.stringify(user.id)} is not a Db2 user ID (at most 20 of lowercase a-z 0-9 . @ _ -)`);
  return /** @type {DeclaredUser} */ ({ id: user.id, ibmid: user.ibmid, role: user.role, name: typeof user.name === 'string' ? user.name : user.id });
}

// Names go into SQL statements: only what the constructs allow gets there, whoever wrote
// the environment (a stack's outputs can be edited), so nothing can be injected.
const IDENTIFIER = /^[A-Z][A-Z0-9_]{0,127}$/;
const USER_ID = /^[a-z.@-][a-z0-9.@_-]{0,19}$/;
/** @type {Record<string, (object: unknown) => boolean>} what each kind of grant may name */
const OBJECT_NAMES = {
  role: (object) => IDENTIFIER.test(String(object)),
  schema: (object) => IDENTIFIER.test(String(object)),
  table: (object) => {
    const parts = String(object).split('.');
    return parts.length === 2 && parts.every((part) => IDENTIFIER.test(part));
  },
};

/** @param {string} text */
function parseGrants(text) {
  const grants = parseJson(text);
  const valid = (/** @type {any} */ grant) => {
    const named = grant && Object.hasOwn(OBJECT_NAMES, grant.kind) ? OBJECT_NAMES[grant.kind] : undefined;
    if (!named || !named(grant.object)) return false;
    return grant.kind === 'role' || sql.DML_PRIVILEGES.includes(grant.privilege);
  };
  if (!Array.isArray(grants) || !grants.every(valid)) {
    throw new Failure('DB2_GRANTS is not a list of grants as ibm-data-guard writes them (upper-case Db2 names; SELECT, INSERT, UPDATE or DELETE)');
  }
  return /** @type {Grant[]} */ (grants);
}

/**
 * @param {NodeJS.ProcessEnv} env
 */
function userIdOf(env) {
  const userId = required(env, 'DB2_USER_ID');
  if (!USER_ID.test(userId)) throw new Failure(`DB2_USER_ID ${JSON.stringify(userId)} is not a Db2 user ID (at most 20 of lowercase a-z 0-9 . @ _ -)`);
  return userId;
}

module.exports = { run, checkCommand, checkUser, putUser, deleteUser, syncPrivileges, runSql, sqlWaitSettings, deploymentHeader };

if (require.main === module) {
  run(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
