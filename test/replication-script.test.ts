// The replication script against IAM and Cloudant on loopback, with injected faults. The
// script runs in this process with a test runtime (its clock moves only when it waits, its
// waits take no time, a request's deadline passes only when the fake holds the answer), so
// no case depends on the machine's speed; one case per command runs it as Terraform does,
// as a child process. Each case checks the final state of the document and that no key or
// token appears in what the script printed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FakeCloudant, runInProcess, runScript, ScriptRun, TestRuntime } from './support/fake-cloudant';

const DEPLOYER_KEY = 'deployer-canary-key-0001-abcdefghijkl';
const SOURCE_KEY = 'source-canary-key-0002-abcdefghijkl';
const TARGET_KEY = 'target-canary-key-0003-abcdefghijkl';
const DOC_ID = 'orders-to-replica-prod';
const DOCUMENT = {
  source: { url: 'https://source.example/orders' },
  target: { url: 'https://target.example/orders' },
  continuous: true,
  create_target: false,
  selector: { _id: { $regex: '^[^_]' } },
};

let fake: FakeCloudant;
let runtime: TestRuntime;

beforeEach(async () => {
  fake = await new FakeCloudant().start();
  fake.validKeys.add(DEPLOYER_KEY);
  runtime = new TestRuntime(fake);
});

const run = (args: readonly string[], environment: Record<string, string>) => runInProcess(args, environment, runtime);

afterEach(async () => {
  await fake.stop();
});

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    IBMCLOUD_API_KEY: DEPLOYER_KEY,
    REPLICATION_IAM_URL: fake.url,
    REPLICATION_HOST_URL: fake.url,
    REPLICATION_DOCUMENT_ID: DOC_ID,
    REPLICATION_DOCUMENT: JSON.stringify(DOCUMENT),
    REPLICATION_SOURCE_API_KEY: SOURCE_KEY,
    REPLICATION_TARGET_API_KEY: TARGET_KEY,
    REPLICATION_BACKOFF_MS: '5',
    REPLICATION_TIMEOUT_MS: '400',
    REPLICATION_ATTEMPTS: '4',
    ...overrides,
  };
}

function expectNoSecret(output: ScriptRun): void {
  const printed = output.stdout + output.stderr;
  for (const secret of [DEPLOYER_KEY, SOURCE_KEY, TARGET_KEY, 'fake-iam-access-token']) expect(printed).not.toContain(secret);
}

function storedDocument(): Record<string, unknown> | undefined {
  return fake.documents.get(DOC_ID)?.body;
}

const expectedDocument = {
  ...DOCUMENT,
  _id: DOC_ID,
  source: { url: 'https://source.example/orders', auth: { iam: { api_key: SOURCE_KEY } } },
  target: { url: 'https://target.example/orders', auth: { iam: { api_key: TARGET_KEY } } },
};

describe('put', () => {
  test('creates the document with each side\'s key, using a token from the deployer\'s key (run as Terraform runs it)', async () => {
    const result = await runScript(['put'], env({ REPLICATION_TIMEOUT_MS: '30000' }));
    expect(result.code).toBe(0);
    expect(storedDocument()).toEqual(expectedDocument);
    expect(result.stderr).toBe(`replication document ${DOC_ID} created in ${fake.url}/_replicator (revision 1-fake)\n`);
    const tokenRequest = fake.requests.find((r) => r.path === '/identity/token')!;
    expect(new URLSearchParams(tokenRequest.body).get('apikey')).toBe(DEPLOYER_KEY);
    const cloudantRequests = fake.requests.filter((r) => r.path.startsWith('/_replicator/'));
    expect(cloudantRequests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'PUT 201']);
    expect(cloudantRequests.every((r) => r.authorization === `Bearer fake-iam-access-token-1-${'x'.repeat(16)}`)).toBe(true);
    expectNoSecret(result);
  });

  test('replaces an existing document at its current revision (a rotated key is written this way)', async () => {
    fake.documents.set(DOC_ID, { rev: 3, body: { ...DOCUMENT, source: { url: 'https://source.example/orders', auth: { iam: { api_key: 'old-source-key-000000' } } } } });
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(fake.revisionOf(DOC_ID)).toBe('4-fake');
    expect(storedDocument()).toEqual(expectedDocument);
    expect(result.stderr).toContain('replaced in');
    expectNoSecret(result);
  });

  test('waits and retries on 429, honouring Retry-After', async () => {
    fake.inject('PUT', /^\/_replicator\//, { kind: 'status', status: 429, retryAfter: '2' });
    fake.inject('PUT', /^\/_replicator\//, { kind: 'status', status: 429, retryAfter: 'Fri, 20 Nov 2026 10:00:09 GMT' });
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(storedDocument()).toEqual(expectedDocument);
    // seconds, then an HTTP date (the clock stands at 10:00:02 after the first wait)
    expect(runtime.waits).toEqual([2000, 7000]);
    expect(result.stderr).toContain(`PUT ${fake.url}/_replicator/${DOC_ID}: HTTP 429 (too_many_requests: injected); retrying in 2000 ms (attempt 2 of 4)`);
    expect(result.stderr).toContain(`PUT ${fake.url}/_replicator/${DOC_ID}: HTTP 429 (too_many_requests: injected); retrying in 7000 ms (attempt 3 of 4)`);
    expectNoSecret(result);
  });

  test('retries a 500 from the IAM token endpoint', async () => {
    fake.inject('POST', /^\/identity\/token$/, { kind: 'status', status: 500 }, 2);
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(storedDocument()).toEqual(expectedDocument);
    expect(result.stderr).toContain(`IAM token exchange at ${fake.url}/identity/token: HTTP 500 (internal_server_error: injected); retrying in 10 ms (attempt 3 of 4)`);
    expectNoSecret(result);
  });

  test('retries after the connection is dropped', async () => {
    fake.inject('GET', /^\/_replicator\//, { kind: 'drop' });
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(storedDocument()).toEqual(expectedDocument);
    expect(result.stderr).toMatch(new RegExp(`GET ${fake.url}/_replicator/${DOC_ID}: connection failed \\([^)]+\\); retrying`));
    expectNoSecret(result);
  });

  test('a write that times out but was carried out anyway ends in one current document', async () => {
    fake.inject('PUT', /^\/_replicator\//, { kind: 'hold' });
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`PUT ${fake.url}/_replicator/${DOC_ID}: no answer within 400 ms; retrying`);
    // the unanswered write landed, so the retry met a conflict, read again and wrote over it
    expect(result.stderr).toContain('changed after it was read (409); reading it again');
    expect(storedDocument()).toEqual(expectedDocument);
    expect(fake.revisionOf(DOC_ID)).toBe('2-fake');
    expectNoSecret(result);
  });

  test('exchanges the key again once when Cloudant says the token expired (401)', async () => {
    fake.inject('PUT', /^\/_replicator\//, { kind: 'expire-token' });
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(fake.tokensIssued).toBe(2);
    expect(result.stderr).toContain('the IAM token was refused (401); exchanging the key for a new one');
    expect(storedDocument()).toEqual(expectedDocument);
    expectNoSecret(result);
  });

  test('reads again and writes when the document changed between read and write (409)', async () => {
    fake.documents.set(DOC_ID, { rev: 1, body: { ...DOCUMENT } });
    fake.inject('GET', /^\/_replicator\//, { kind: 'change-after-read' });
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`replication document ${DOC_ID} changed after it was read (409); reading it again`);
    expect(storedDocument()).toEqual(expectedDocument);
    expect(fake.revisionOf(DOC_ID)).toBe('3-fake');
    expectNoSecret(result);
  });

  test('does not retry what no retry can change: a 400, a 501', async () => {
    fake.inject('PUT', /^\/_replicator\//, { kind: 'status', status: 400, reason: 'bad document' });
    const bad = await run(['put'], env());
    expect([bad.code, bad.stderr]).toEqual([1, `error: writing replication document ${DOC_ID} to ${fake.url}: HTTP 400 (internal_server_error: bad document)\n`]);
    fake.inject('PUT', /^\/_replicator\//, { kind: 'status', status: 501 });
    const unsupported = await run(['put'], env());
    expect([unsupported.code, unsupported.stderr]).toEqual([1, `error: PUT ${fake.url}/_replicator/${DOC_ID}: HTTP 501 (internal_server_error: injected), which no retry can change\n`]);
    expect(fake.requests.filter((r) => r.method === 'PUT').length).toBe(2);
    expect(runtime.waits).toEqual([]);
  });

  test('says so when it gives up on a document that keeps changing', async () => {
    fake.documents.set(DOC_ID, { rev: 1, body: { ...DOCUMENT } });
    fake.inject('GET', /^\/_replicator\//, { kind: 'change-after-read' }, 10);
    const result = await run(['put'], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toBe(
      `error: writing replication document ${DOC_ID}: gave up after 6 conflicts in a row (409): something else keeps changing the document; find the other writer, then apply again`,
    );
  });

  test('refuses a document with _deleted (or any field of the database\'s own) instead of deleting it and saying replaced', async () => {
    fake.documents.set(DOC_ID, { rev: 1, body: { ...DOCUMENT } });
    const result = await run(['put'], env({ REPLICATION_DOCUMENT: JSON.stringify({ ...DOCUMENT, _deleted: true, _rev: '1-x' }) }));
    expect([result.code, result.stderr]).toEqual([
      1,
      'error: REPLICATION_DOCUMENT holds _deleted, _rev; fields starting with _ belong to the database (the document ID comes from REPLICATION_DOCUMENT_ID): remove them\n',
    ]);
    expect(fake.revisionOf(DOC_ID)).toBe('1-fake');
  });

  test('refuses a host URL with credentials in it, and never prints them', async () => {
    const withPassword = fake.url.replace('http://', 'http://admin:hunter2-password@');
    const result = await run(['put'], env({ REPLICATION_HOST_URL: withPassword }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: the Cloudant URL http://****@${fake.url.slice('http://'.length)} holds credentials; remove them: the script authenticates with IAM tokens\n`);
    expect(result.stderr).not.toContain('hunter2');
  });

  test('a write after a delete continues the revisions, as CouchDB does', async () => {
    fake.documents.set(DOC_ID, { rev: 4, body: {}, deleted: true });
    const result = await run(['put'], env());
    expect(result.code).toBe(0);
    expect(fake.revisionOf(DOC_ID)).toBe('5-fake');
    expect(result.stderr).toBe(`replication document ${DOC_ID} created in ${fake.url}/_replicator (revision 5-fake)\n`);
  });

  test('fails the apply with the last error once the retries are used up', async () => {
    fake.inject('PUT', /^\/_replicator\//, { kind: 'status', status: 503 }, 10);
    const result = await run(['put'], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toBe(`error: PUT ${fake.url}/_replicator/${DOC_ID}: HTTP 503 (internal_server_error: injected) (gave up after 4 attempts)`);
    expect(storedDocument()).toBeUndefined();
    expectNoSecret(result);
  });

  test('says which role is missing on 403, and masks a key that an error body echoes', async () => {
    fake.inject('PUT', /^\/_replicator\//, { kind: 'status', status: 403, reason: `key ${SOURCE_KEY} is not allowed` });
    const result = await run(['put'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: writing replication document ${DOC_ID} to ${fake.url}: HTTP 403 (internal_server_error: key **** is not allowed); the key needs Manager on the instance, and an enabled CBR rule on it must allow the network this runs from\n`,
    );
    expectNoSecret(result);
  });

  test('a deployer key IAM does not know fails with the variable it came from', async () => {
    const result = await run(['put'], env({ IBMCLOUD_API_KEY: 'not-a-key-of-this-account-000' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: IAM refused the key in IBMCLOUD_API_KEY: HTTP 400 (BXNIM0415E: Provided API key could not be found.); check that the variable holds a current API key of this account (a key that expired or was deleted, or an IP allowlist that excludes this machine, gives this answer)\n',
    );
    expect(result.stderr).not.toContain('not-a-key-of-this-account-000');
  });

  test('a missing _replicator database is reported, not created', async () => {
    fake.replicatorExists = false;
    const result = await run(['put'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: ${fake.url} has no _replicator database; create it first (CloudantReplication creates it for instances of its own app)\n`);
  });

  test('missing settings are named', async () => {
    const { REPLICATION_TARGET_API_KEY: _dropped, ...rest } = env();
    const result = await run(['put'], rest);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: REPLICATION_TARGET_API_KEY is not set\n');
    const noDeployer = await run(['put'], { ...env(), IBMCLOUD_API_KEY: '' });
    expect(noDeployer.stderr).toBe(
      "error: IBMCLOUD_API_KEY or IC_API_KEY is not set: the replication document is written with the deployer's API key, the one Terraform's IBM provider uses\n",
    );
  });

  test('uses the variable REPLICATION_DEPLOYER_KEY_VARIABLE names', async () => {
    const result = await run(['put'], env({ IBMCLOUD_API_KEY: '', OTHER_ACCOUNT_KEY: DEPLOYER_KEY, REPLICATION_DEPLOYER_KEY_VARIABLE: 'OTHER_ACCOUNT_KEY' }));
    expect(result.code).toBe(0);
    expect(storedDocument()).toEqual(expectedDocument);
  });
});

describe('delete', () => {
  test('deletes the document at its current revision (run as Terraform runs it)', async () => {
    fake.documents.set(DOC_ID, { rev: 2, body: expectedDocument });
    const result = await runScript(['delete'], env({ REPLICATION_TIMEOUT_MS: '30000' }));
    expect(result.code).toBe(0);
    expect(fake.has(DOC_ID)).toBe(false);
    expect(fake.documents.get(DOC_ID)).toEqual({ rev: 3, body: {}, deleted: true });
    expect(result.stderr).toBe(`replication document ${DOC_ID} deleted from ${fake.url}/_replicator; the replication is cancelled\n`);
    expectNoSecret(result);
  });

  test('reads again when the document changed between read and delete', async () => {
    fake.documents.set(DOC_ID, { rev: 2, body: expectedDocument });
    fake.inject('GET', /^\/_replicator\//, { kind: 'change-after-read' });
    const result = await run(['delete'], env());
    expect(result.code).toBe(0);
    expect(fake.has(DOC_ID)).toBe(false);
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([409, 200]);
    expectNoSecret(result);
  });

  test('a 404 on delete is not taken on trust: it reads again, and deletes a document written again meanwhile', async () => {
    fake.documents.set(DOC_ID, { rev: 2, body: expectedDocument });
    fake.inject('GET', /^\/_replicator\//, { kind: 'delete-after-read' });
    const gone = await run(['delete'], env());
    expect(gone.code).toBe(0);
    expect(gone.stderr).toBe(
      `replication document ${DOC_ID} changed after it was read (404); reading it again\nreplication document ${DOC_ID} is not in ${fake.url}/_replicator; nothing to delete\n`,
    );
    fake.documents.set(DOC_ID, { rev: 2, body: expectedDocument });
    fake.inject('GET', /^\/_replicator\//, { kind: 'recreate-after-read' });
    const recreated = await run(['delete'], env());
    expect(recreated.code).toBe(0);
    expect(fake.has(DOC_ID)).toBe(false);
    // deleted at 3, written again at 4, deleted by the script at 5
    expect(fake.documents.get(DOC_ID)!.rev).toBe(5);
  });

  test('a document that is already gone is success', async () => {
    const result = await run(['delete'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`replication document ${DOC_ID} is not in ${fake.url}/_replicator; nothing to delete\n`);
    fake.replicatorExists = false;
    expect((await run(['delete'], env())).code).toBe(0);
  });

  test('needs neither replication key (destroy-time provisioners see only the resource itself)', async () => {
    fake.documents.set(DOC_ID, { rev: 1, body: expectedDocument });
    const { REPLICATION_SOURCE_API_KEY: _s, REPLICATION_TARGET_API_KEY: _t, REPLICATION_DOCUMENT: _d, ...rest } = env();
    const result = await run(['delete'], rest);
    expect(result.code).toBe(0);
    expect(fake.has(DOC_ID)).toBe(false);
  });
});

describe('status', () => {
  function outputsFile(replications: Record<string, { host_url: string; document_id: string }>): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'replication-status-')), 'outputs.json');
    writeFileSync(file, JSON.stringify({ replications: { sensitive: false, type: 'object', value: replications }, other: { value: 'x' } }));
    return file;
  }

  const statusEnv = () => ({ REPLICATION_STATUS_API_KEY: DEPLOYER_KEY, REPLICATION_IAM_URL: fake.url, PATH: process.env.PATH ?? '' });

  test('a document the scheduler does not know is missing only when it is not there: not yet picked up, or no scheduler on the host', async () => {
    fake.documents.set('fresh', { rev: 1, body: { ...DOCUMENT } });
    fake.scheduler.set('orders', { state: 'running', info: { docs_written: 5, doc_write_failures: 0 } });
    const file = outputsFile({ fresh: { host_url: fake.url, document_id: 'fresh' }, orders: { host_url: fake.url, document_id: 'orders' } });
    const waiting = await run(['status', '--outputs', file], statusEnv());
    expect(waiting.code).toBe(0);
    expect(waiting.stdout.split('\n')[1]).toBe('fresh        waiting  -             -               -        -            the document exists (revision 1-fake); the scheduler has not picked it up yet: check again in a minute');
    fake.schedulerExists = false;
    const noScheduler = await run(['status', '--outputs', outputsFile({ fresh: { host_url: fake.url, document_id: 'fresh' } })], statusEnv());
    expect(noScheduler.code).toBe(2);
    expect(noScheduler.stdout.split('\n')[1]).toBe('fresh        unknown  -             -               -        -            the document exists (revision 1-fake), but this host has no _scheduler endpoint to report on it');
    expect(noScheduler.stderr).toBe('the state of fresh cannot be told from its host\n');
  });

  test('lists each replication with its scheduler state and exits 1 when one failed or crashes (run as people run it)', async () => {
    fake.scheduler.set('orders', { state: 'running', last_updated: '2026-11-20T10:00:00Z', info: { docs_written: 1200, doc_write_failures: 0, changes_pending: 3 } });
    fake.scheduler.set('audit', { state: 'crashing', last_updated: '2026-11-20T10:05:00Z', info: { error: 'unauthorized: forbidden', docs_written: 0, doc_write_failures: 0 } });
    fake.scheduler.set('archive', { state: 'failed', info: { error: 'db_not_found' } });
    const file = outputsFile({
      'orders-to-replica': { host_url: fake.url, document_id: 'orders' },
      'audit-to-replica': { host_url: fake.url, document_id: 'audit' },
      'archive-once': { host_url: fake.url, document_id: 'archive' },
      'gone': { host_url: fake.url, document_id: 'gone' },
    });
    const result = await runScript(['status', '--outputs', file], statusEnv());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'REPLICATION        STATE     DOCS WRITTEN  WRITE FAILURES  PENDING  LAST UPDATE           ERROR',
        'orders-to-replica  running   1200          0               3        2026-11-20T10:00:00Z',
        'audit-to-replica   crashing  0             0               -        2026-11-20T10:05:00Z  unauthorized: forbidden',
        'archive-once       failed    -             -               -        -                     db_not_found',
        'gone               missing   -             -               -        -                     no such replication document; apply the stack to write it',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('3 of 4 replications need attention: audit-to-replica (crashing), archive-once (failed), gone (missing)\n');
    expectNoSecret(result);
  });

  test('exits 0 when every replication is running or completed, and prints JSON on request', async () => {
    fake.scheduler.set('orders', { state: 'running', info: { docs_written: 5, doc_write_failures: 0 } });
    fake.scheduler.set('seed', { state: 'completed', info: { docs_written: 10, doc_write_failures: 0 } });
    const file = outputsFile({ a: { host_url: fake.url, document_id: 'orders' }, b: { host_url: fake.url, document_id: 'seed' } });
    const result = await run(['status', '--outputs', file, '--json'], statusEnv());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { name: 'a', hostUrl: fake.url, docId: 'orders', state: 'running', docsWritten: 5, writeFailures: 0 },
      { name: 'b', hostUrl: fake.url, docId: 'seed', state: 'completed', docsWritten: 10, writeFailures: 0 },
    ]);
  });

  test('exits 2 when it cannot check: no outputs, or a key that is refused', async () => {
    const missing = await run(['status', 'nowhere'], statusEnv());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read the outputs of cdktf.out\/stacks\/nowhere \(.+\); synthesize and deploy the stack first, or pass --outputs FILE written by terraform output -json\n$/);

    const file = outputsFile({ a: { host_url: fake.url, document_id: 'orders' } });
    const refused = await run(['status', '--outputs', file], { ...statusEnv(), REPLICATION_STATUS_API_KEY: 'unknown-key-0000000000' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('error: IAM refused the key in REPLICATION_STATUS_API_KEY: HTTP 400');

    const usage = await run(['status'], statusEnv());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error: name the environment (or give --outputs or --stack-dir)');
  });

  test('an outputs file without replications says so', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'replication-status-')), 'outputs.json');
    writeFileSync(file, JSON.stringify({ replications: { value: { a: { url: 'x' } } } }));
    const result = await run(['status', '--outputs', file], statusEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${file}: replication "a" has no host_url and document_id; is this the replications output of an ibm-data-guard stack?\n`);
  });
});

test('an unknown command prints the usage and exits 2', async () => {
  const result = await run(['create'], {});
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('usage:\n  replicator.cjs put');
});
