// The Db2 users script against IAM and the Db2 REST API on loopback (test/support/fake-db2),
// with injected faults. It runs in this process with a test runtime (its clock moves only
// when it waits), so no case depends on the machine's speed; one case runs it as
// Terraform does, as a child process. Every case checks that no key or token was printed.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { FakeDb2 } from './support/fake-db2';
import { ScriptRun, TestRuntime } from './support/fake-cloudant';

const SCRIPT = path.resolve(__dirname, '../constructs/scripts/db2-users.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const db2Users = require(SCRIPT) as { run(argv: readonly string[], env: Record<string, string>, io: { out(l: string): void; err(l: string): void }, runtime?: TestRuntime): Promise<number> };

const DEPLOYER_KEY = 'deployer-canary-key-0001-abcdefghijkl';
const DEPLOYER_ID = 'iam-ServiceId-00000000-0000-4000-8000-00000000dep1';
const APP_ID = 'ServiceId-11111111-1111-4111-8111-111111111111';
const USER = { id: 'ordersapp', ibmid: APP_ID, role: 'bluuser', name: 'orders-app-prod' };
const GRANTS = [
  { kind: 'schema', object: 'ORDERS', privilege: 'SELECT' },
  { kind: 'schema', object: 'ORDERS', privilege: 'INSERT' },
  { kind: 'table', object: 'ORDERS.ITEMS', privilege: 'UPDATE' },
  { kind: 'role', object: 'REPORT_READER' },
];

let fake: FakeDb2;
let runtime: TestRuntime;

beforeEach(async () => {
  fake = await new FakeDb2().start();
  fake.identity(DEPLOYER_KEY, DEPLOYER_ID, { admin: true });
  // the deployer's own Db2 user, as a DBA set it up once: it runs the GRANTs
  fake.users.set('deployer', { id: 'deployer', iam: true, ibmid: DEPLOYER_ID.slice(4), name: 'deployer', role: 'bluadmin', locked: 'no' });
  runtime = new TestRuntime(fake);
});

afterEach(async () => {
  await fake.stop();
});

function env(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    IBMCLOUD_API_KEY: DEPLOYER_KEY,
    DB2_IAM_URL: fake.url,
    DB2_API_URL: fake.apiUrl,
    DB2_SQL_URL: fake.apiUrl,
    DB2_DEPLOYMENT_ID: fake.crn,
    DB2_DEPLOYMENT_ID_ENCODING: 'raw',
    DB2_USER: JSON.stringify(USER),
    DB2_USER_ID: USER.id,
    DB2_GRANTS: JSON.stringify(GRANTS),
    DB2_BACKOFF_MS: '5',
    DB2_TIMEOUT_MS: '400',
    DB2_ATTEMPTS: '4',
    DB2_SQL_POLL_MS: '1500',
    ...overrides,
  };
}

async function run(args: readonly string[], environment: Record<string, string>): Promise<ScriptRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await db2Users.run(args, environment, { out: (line) => out.push(`${line}\n`), err: (line) => err.push(`${line}\n`) }, runtime);
  const result = { code, stdout: out.join(''), stderr: err.join('') };
  expectNoSecret(result);
  return result;
}

function expectNoSecret(output: ScriptRun): void {
  const printed = output.stdout + output.stderr;
  for (const secret of [DEPLOYER_KEY, ...fake.tokens]) expect(printed).not.toContain(secret);
}

const userRequests = () => fake.requests.filter((r) => r.path.startsWith('/dbapi/v4/users')).map((r) => `${r.method} ${r.path} ${r.status}`);

describe('put-user', () => {
  test('creates an IAM user with no password, naming the instance by its CRN (run as Terraform runs it)', async () => {
    const result = await new Promise<ScriptRun>((resolve) =>
      execFile(process.execPath, [SCRIPT, 'put-user'], { env: { PATH: process.env.PATH ?? '', ...env({ DB2_TIMEOUT_MS: '30000' }) } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expectNoSecret(result);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`Db2 user ordersapp created, mapped to ${APP_ID} as bluuser\n`);
    expect(fake.users.get('ordersapp')).toEqual({ id: 'ordersapp', iam: true, ibmid: APP_ID, name: 'orders-app-prod', role: 'bluuser', locked: 'no', password: undefined });
    expect(userRequests()).toEqual(['GET /dbapi/v4/users/ordersapp 404', 'POST /dbapi/v4/users 200', 'GET /dbapi/v4/users/ordersapp 200']);
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/dbapi/v4/users')!;
    expect(JSON.parse(post.body)).toEqual({ id: 'ordersapp', iam: true, ibmid: APP_ID, name: 'orders-app-prod', role: 'bluuser', locked: 'no' });
    expect(fake.requests.filter((r) => r.path.startsWith('/dbapi')).every((r) => r.deploymentId === fake.crn)).toBe(true);
  });

  test('leaves a user that is already as declared alone', async () => {
    fake.users.set('ordersapp', { ...USER, iam: true, locked: 'no' });
    const result = await run(['put-user'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`Db2 user ordersapp is already mapped to ${APP_ID} as bluuser\n`);
    expect(userRequests()).toEqual(['GET /dbapi/v4/users/ordersapp 200', 'GET /dbapi/v4/users/ordersapp 200']);
  });

  test('updates its own user whose role drifted, then reads it back', async () => {
    fake.users.set('ordersapp', { ...USER, role: 'bluadmin', iam: true, locked: 'no' });
    const result = await run(['put-user'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Db2 user ordersapp updated (its role is "bluadmin", not bluuser)\n');
    expect(fake.users.get('ordersapp')!.role).toBe('bluuser');
    expect(userRequests()).toEqual(['GET /dbapi/v4/users/ordersapp 200', 'PUT /dbapi/v4/users/ordersapp 200', 'GET /dbapi/v4/users/ordersapp 200']);
  });

  test('refuses to take over a password user of the same ID, and says how IBM migrates one', async () => {
    fake.users.set('ordersapp', { ...USER, iam: false, ibmid: '', locked: 'no', password: 'old-password-of-someone' });
    const result = await run(['put-user'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "error: Db2 user ordersapp already exists as a password user; IBM's way to make it an IAM user is to delete it and add it again with the same ID (its grants are kept): delete it in the Db2 console (Settings > Manage users), then apply again\n",
    );
    expect(result.stderr).not.toContain('old-password-of-someone');
  });

  test("refuses a user ID another identity is mapped to", async () => {
    fake.users.set('ordersapp', { ...USER, ibmid: 'ServiceId-22222222-2222-4222-8222-222222222222', iam: true, locked: 'no' });
    const result = await run(['put-user'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: Db2 user ordersapp already exists, mapped to ServiceId-22222222-2222-4222-8222-222222222222: another identity uses it; choose another userId, or delete that user in the Db2 console if it is no longer used\n',
    );
    expect(fake.users.get('ordersapp')!.ibmid).toBe('ServiceId-22222222-2222-4222-8222-222222222222');
  });

  test('fails the apply when the API accepts the user but keeps nothing (what the provider would swallow)', async () => {
    fake.dropsIamUsersWithoutPassword = true;
    const result = await run(['put-user'], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toBe(
      'error: Db2 user ordersapp is not there after it was written; the API accepted the request but kept no user (an IAM user without a password may be refused silently: see the README\'s open points)',
    );
  });

  test('says what the deployer lacks when it may not manage users (403)', async () => {
    fake.administrators.clear();
    const result = await run(['put-user'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: reading Db2 user ordersapp: HTTP 403 (forbidden: the caller may not manage users of this deployment); the deployer's key needs Administrator on the Db2 instance to manage its users, and an enabled CBR rule must allow this network\n`,
    );
  });

  test('waits as a 429 asks (Retry-After), then goes on', async () => {
    fake.inject('POST', /^\/dbapi\/v4\/users$/, { kind: 'status', status: 429, retryAfter: '7' });
    const result = await run(['put-user'], env({ DB2_MAX_BACKOFF_MS: '60000' }));
    expect(result.code).toBe(0);
    expect(runtime.waits).toEqual([7000]);
    expect(result.stderr).toContain(`POST ${fake.apiUrl}/users: HTTP 429 (rate_limited: injected); retrying in 7000 ms (attempt 2 of 4)\n`);
    expect(fake.users.has('ordersapp')).toBe(true);
  });

  test('exchanges the key again when the token is refused (401), once', async () => {
    fake.inject('GET', /^\/dbapi\/v4\/users\/ordersapp$/, { kind: 'expire-token' });
    const result = await run(['put-user'], env());
    expect(result.code).toBe(0);
    expect(fake.tokens).toHaveLength(2);
    expect(result.stderr).toContain(`GET ${fake.apiUrl}/users/ordersapp: the IAM token was refused (401); exchanging the key for a new one\n`);
  });

  test('retries a dropped connection and a 503', async () => {
    fake.inject('GET', /^\/dbapi\/v4\/users\/ordersapp$/, { kind: 'drop' });
    fake.inject('POST', /^\/dbapi\/v4\/users$/, { kind: 'status', status: 503 });
    const result = await run(['put-user'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/connection failed \((ECONNRESET|UND_ERR_SOCKET|other side closed)\); retrying in 5 ms/);
    expect(fake.users.has('ordersapp')).toBe(true);
  });

  test('a create whose answer never came is retried, and the 409 it then meets is read as the user it made', async () => {
    fake.inject('POST', /^\/dbapi\/v4\/users$/, { kind: 'hold' });
    const result = await run(['put-user'], env());
    expect(result.code).toBe(0);
    expect(userRequests()).toEqual(['GET /dbapi/v4/users/ordersapp 404', 'POST /dbapi/v4/users 200', 'POST /dbapi/v4/users 409', 'GET /dbapi/v4/users/ordersapp 200', 'GET /dbapi/v4/users/ordersapp 200']);
    expect(result.stderr).toBe(
      [
        `POST ${fake.apiUrl}/users: no answer within 400 ms; retrying in 5 ms (attempt 2 of 4)`,
        `Db2 user ordersapp is already mapped to ${APP_ID} as bluuser`,
        '',
      ].join('\n'),
    );
    expect([...fake.users.keys()].sort()).toEqual(['deployer', 'ordersapp']);
  });

  test('fails with the last error once the retries are used up', async () => {
    fake.inject('GET', /^\/dbapi\/v4\/users\/ordersapp$/, { kind: 'status', status: 502 }, 10);
    const result = await run(['put-user'], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toBe(`error: GET ${fake.apiUrl}/users/ordersapp: HTTP 502 (server_error: injected) (gave up after 4 attempts)`);
  });

  test('sends the CRN URL-encoded when told to (the provider\'s way), and says what a 404 means', async () => {
    const refused = await run(['put-user'], env({ DB2_DEPLOYMENT_ID_ENCODING: 'url-encoded' }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 404 (deployment_not_found: no deployment with this id); the API does not know this instance');
    fake.acceptEncodedDeploymentId = true;
    const accepted = await run(['put-user'], env({ DB2_DEPLOYMENT_ID_ENCODING: 'url-encoded' }));
    expect(accepted.code).toBe(0);
    expect(fake.requests.at(-1)!.deploymentId).toBe(encodeURIComponent(fake.crn));
  });

  test('refuses a user that carries a password, and names no password', async () => {
    const result = await run(['put-user'], env({ DB2_USER: JSON.stringify({ ...USER, password: 'Secret-Passw0rd-xyz' }) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: DB2_USER holds a password; IAM users have none: remove it\n');
    expect(fake.requests).toEqual([]);
  });
});

describe('sync-privileges', () => {
  beforeEach(() => {
    fake.users.set('ordersapp', { ...USER, iam: true, locked: 'no' });
  });

  test('grants exactly the declared privileges through the SQL endpoint, then finds nothing to do', async () => {
    const first = await run(['sync-privileges'], env());
    expect(first.code).toBe(0);
    expect(fake.held('ordersapp')).toEqual(['role REPORT_READER', 'schema ORDERS INSERT', 'schema ORDERS SELECT', 'table ORDERS.ITEMS UPDATE']);
    expect(first.stderr.trim().split('\n').pop()).toBe(
      'Db2 user ordersapp: granted 4, revoked 0 (+SELECT on every table of schema ORDERS, +INSERT on every table of schema ORDERS, +UPDATE on table ORDERS.ITEMS, +role REPORT_READER)',
    );
    const statements = fake.requests.filter((r) => r.method === 'POST' && r.path === '/dbapi/v4/sql_jobs').map((r) => JSON.parse(r.body).commands as string);
    expect(statements[1]).toBe('GRANT SELECTIN, INSERTIN ON SCHEMA ORDERS TO USER ORDERSAPP;\nGRANT UPDATE ON TABLE ORDERS.ITEMS TO USER ORDERSAPP;\nGRANT ROLE REPORT_READER TO USER ORDERSAPP');
    const second = await run(['sync-privileges'], env());
    expect(second.code).toBe(0);
    expect(second.stderr.trim().split('\n').pop()).toBe('Db2 user ordersapp holds exactly the declared privileges (4)');
  });

  test('revokes what the user holds directly beyond the declaration', async () => {
    fake.privileges.set('ORDERSAPP', new Set(['schema ORDERS SELECT', 'schema ORDERS DELETE', 'schema ORDERS INSERT', 'table ORDERS.ITEMS UPDATE', 'role REPORT_READER']));
    const result = await run(['sync-privileges'], env());
    expect(result.code).toBe(0);
    expect(fake.held('ordersapp')).toEqual(['role REPORT_READER', 'schema ORDERS INSERT', 'schema ORDERS SELECT', 'table ORDERS.ITEMS UPDATE']);
    expect(result.stderr.trim().split('\n').pop()).toBe('Db2 user ordersapp: granted 0, revoked 1 (-DELETE on every table of schema ORDERS)');
  });

  test('a change job whose answer never came runs again; the REVOKE Db2 then refuses (SQL0556N) changes nothing that matters', async () => {
    fake.readsUntilDone = 0;
    fake.privileges.set('ORDERSAPP', new Set(['schema ORDERS SELECT', 'schema ORDERS DELETE', 'schema ORDERS INSERT', 'table ORDERS.ITEMS UPDATE', 'role REPORT_READER']));
    // the second job is the change: it runs, its answer is held, and the client submits it again
    fake.inject('POST', /^\/dbapi\/v4\/sql_jobs$/, { kind: 'hold' }, 1, 1);
    const result = await run(['sync-privileges'], env());
    expect(result.code).toBe(0);
    const jobs = fake.requests.filter((r) => r.method === 'POST' && r.path === '/dbapi/v4/sql_jobs').map((r) => JSON.parse(r.body).commands as string);
    expect(jobs.filter((commands) => commands === 'REVOKE DELETEIN ON SCHEMA ORDERS FROM USER ORDERSAPP')).toHaveLength(2);
    expect(fake.held('ordersapp')).toEqual(['role REPORT_READER', 'schema ORDERS INSERT', 'schema ORDERS SELECT', 'table ORDERS.ITEMS UPDATE']);
    expect(result.stderr).toContain('changing the privileges of ordersapp: Db2 refused 1 statement (SQL0556N), yet the privileges are as declared\n');
  });

  test('an API without the SQL endpoint fails the step and says to leave the GRANTs to a DBA', async () => {
    fake.servesSqlJobs = false;
    const result = await run(['sync-privileges'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: reading the privileges of ordersapp: POST ${fake.apiUrl}/sql_jobs: HTTP 404 (not_found: no such endpoint): this instance's API serves no SQL endpoint there, or does not know the instance. IBM documents /sql_jobs for the Standard and Enterprise plans' v4 API; whether the Performance plan serves it is an open point (see the README). Set privilegesBy: dba and have a DBA run the db2_users output's grant_sql\n`,
    );
  });

  test('says what to do when the deployer\'s Db2 user may not grant', async () => {
    fake.users.get('deployer')!.role = 'bluuser';
    const result = await run(['sync-privileges'], env());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toBe(
      'error: changing the privileges of ordersapp: Db2 refused "GRANT SELECTIN, INSERTIN ON SCHEMA ORDERS TO USER ORDERSAPP": SQL0551N The statement failed because the authorization ID does not have the required authorization or privilege to perform the operation. Authorization ID: "DEPLOYER". SQLSTATE=42501; the deployer\'s own Db2 user runs the GRANTs: it must be bluadmin (or hold ACCESSCTRL); or set privilegesBy: dba and have a DBA run the db2_users output\'s grant_sql',
    );
    expect(fake.held('ordersapp')).toEqual([]);
  });

  test('fails on a table that does not exist, naming it', async () => {
    const result = await run(['sync-privileges'], env({ DB2_GRANTS: JSON.stringify([{ kind: 'table', object: 'ORDERS.MISSING', privilege: 'SELECT' }]) }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toBe('error: changing the privileges of ordersapp: Db2 refused "GRANT SELECT ON TABLE ORDERS.MISSING TO USER ORDERSAPP": SQL0204N "ORDERS.MISSING" is an undefined name. SQLSTATE=42704');
  });

  test('shows progress while a job runs, polling at the configured interval', async () => {
    fake.readsUntilDone = 3;
    const result = await run(['sync-privileges'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('reading the privileges of ordersapp: SQL job job-1 is running; waiting (1 check, 0 s)\n');
    expect(result.stderr).toContain('reading the privileges of ordersapp: SQL job job-1 is running; waiting (3 checks, 3 s)\n');
    expect(runtime.waits.every((ms) => ms === 1500)).toBe(true);
    expect(fake.held('ordersapp')).toHaveLength(4);
  });

  test('gives up on a job that does not finish, with a clear message', async () => {
    fake.readsUntilDone = 1000;
    const result = await run(['sync-privileges'], env({ DB2_SQL_MAX_WAIT_MS: '6000' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').pop()).toBe('error: reading the privileges of ordersapp: SQL job job-1 has not finished after 6 s (state running); check it in the Db2 console, then apply again');
  });
});

describe('delete-user', () => {
  beforeEach(() => {
    fake.users.set('ordersapp', { ...USER, iam: true, locked: 'no' });
    fake.privileges.set('ORDERSAPP', new Set(['schema ORDERS SELECT', 'role REPORT_READER']));
    // jobs complete at the first read, so the output is only what the step did
    fake.readsUntilDone = 0;
  });

  test('revokes the user\'s privileges, then deletes it', async () => {
    const result = await run(['delete-user'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Db2 user ordersapp: revoked 2 privileges\nDb2 user ordersapp deleted\n');
    expect(fake.users.has('ordersapp')).toBe(false);
    expect(fake.held('ordersapp')).toEqual([]);
  });

  test('is done when the user is already gone', async () => {
    fake.users.delete('ordersapp');
    fake.privileges.clear();
    const result = await run(['delete-user'], env());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Db2 user ordersapp is not there; nothing to delete\n');
  });

  test('leaves the privileges to a DBA when they are a DBA\'s (privilegesBy: dba), and says so', async () => {
    const result = await run(['delete-user'], env({ DB2_SQL_URL: '' }));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('privileges of ordersapp are a DBA\'s to revoke (privilegesBy: dba): REVOKE them before adding a user with this ID again\nDb2 user ordersapp deleted\n');
    expect(fake.held('ordersapp')).toEqual(['role REPORT_READER', 'schema ORDERS SELECT']);
  });
});

test('prints its usage for an unknown command', async () => {
  const result = await run(['frobnicate'], env());
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('usage (Terraform runs these; settings come from DB2_* variables):');
});

test('needs the deployer\'s key, and names the variables it reads', async () => {
  const { IBMCLOUD_API_KEY: _unused, ...rest } = env();
  const result = await run(['put-user'], rest);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe("error: IBMCLOUD_API_KEY or IC_API_KEY is not set: Db2 users are managed with the deployer's API key, the one Terraform's IBM provider uses\n");
});

test('a setting Terraform passed wrong is named with its value and the fix, before any request', async () => {
  const cases: [string, Record<string, string>, string][] = [
    ['sync-privileges', { DB2_SQL_POLL_MS: 'fast' }, 'DB2_SQL_POLL_MS="fast" is not a number of at least 0'],
    ['put-user', { DB2_ATTEMPTS: '-1' }, 'DB2_ATTEMPTS="-1" is not a number of at least 0'],
    ['put-user', { DB2_DEPLOYMENT_ID: 'a1b2c3d4-guid-not-crn' }, 'DB2_DEPLOYMENT_ID is not an instance CRN (crn:v1:…:dashdb-for-transactions:…)'],
    ['put-user', { DB2_DEPLOYMENT_ID_ENCODING: 'base64' }, 'DB2_DEPLOYMENT_ID_ENCODING="base64" is not raw or url-encoded'],
    ['put-user', { DB2_USER: JSON.stringify({ id: 'ordersapp', role: 'bluuser' }) }, 'DB2_USER is not a user with id, ibmid and role'],
    ['put-user', { DB2_API_URL: 'db2.example' }, 'the Db2 REST API URL is not a URL; give the https:// endpoint'],
  ];
  const seen: [Record<string, string>, number, string][] = [];
  for (const [command, overrides] of cases) seen.push([overrides, ...(await run([command], env(overrides)).then((result) => [result.code, result.stderr] as const))]);
  expect(seen).toEqual(cases.map(([, overrides, message]) => [overrides, 1, `error: ${message}\n`]));
  expect(fake.requests).toEqual([]);
});

test('names that would reach SQL are checked again in the script: an edited output cannot inject SQL', async () => {
  const injected = await run(['sync-privileges'], env({ DB2_GRANTS: JSON.stringify([{ kind: 'schema', object: "ORDERS TO USER X; DROP TABLE ORDERS.ITEMS; --", privilege: 'SELECT' }]) }));
  expect([injected.code, injected.stderr]).toEqual([1, 'error: DB2_GRANTS is not a list of grants as ibm-data-guard writes them (upper-case Db2 names; SELECT, INSERT, UPDATE or DELETE)\n']);
  const user = await run(['delete-user'], env({ DB2_USER_ID: "x' OR '1'='1" }));
  expect([user.code, user.stderr]).toEqual([1, 'error: DB2_USER_ID "x\' OR \'1\'=\'1" is not a Db2 user ID (at most 20 of lowercase a-z 0-9 . @ _ -)\n']);
  expect(fake.requests.filter((r) => r.path.includes('sql_jobs'))).toEqual([]);
});
