// ibm-data-guard db2 check against IAM and the Db2 REST API on loopback: what IBM's
// walkthrough does by hand (the identity's key, its Db2 user, a query, its privileges),
// with the exit code that says working (0), not working (1) or cannot check (2).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeDb2 } from './support/fake-db2';
import { directoryWith } from './support/environment';
import { runCommand, CommandRun } from './support/cli';
import { synthesizedSamples } from './support/terraform-samples';

const APP_KEY = 'app-canary-key-0002-abcdefghijklmnop';
const ADMIN_KEY = 'admin-canary-key-0001-abcdefghijklmnop';
const OTHER_KEY = 'other-canary-key-0003-abcdefghijklmnop';
const APP_ID = 'ServiceId-11111111-1111-4111-8111-111111111111';
const GRANTS = [
  { kind: 'schema', object: 'LEDGER', privilege: 'SELECT' },
  { kind: 'schema', object: 'LEDGER', privilege: 'UPDATE' },
];

let fake: FakeDb2;
let dir: string;

beforeEach(async () => {
  fake = await new FakeDb2().start();
  fake.identity(ADMIN_KEY, 'iam-ServiceId-00000000-0000-4000-8000-00000000dep1', { admin: true });
  fake.identity(APP_KEY, `iam-${APP_ID}`);
  fake.identity(OTHER_KEY, 'iam-ServiceId-22222222-2222-4222-8222-222222222222');
  fake.users.set('ordersapp', { id: 'ordersapp', iam: true, ibmid: APP_ID, name: 'orders-app-prod', role: 'bluuser', locked: 'no' });
  fake.privileges.set('ORDERSAPP', new Set(['schema LEDGER SELECT', 'schema LEDGER UPDATE']));
  dir = directoryWith({});
  // what terraform output -json writes for the stack's db2_users output
  const entry = {
    instance: 'ledger-prod',
    instance_crn: fake.crn,
    api_url: fake.apiUrl,
    sql_url: fake.apiUrl,
    deployment_id_encoding: 'raw',
    user_id: 'ordersapp',
    identity: 'orders-app-prod',
    ibmid: APP_ID,
    role: 'bluuser',
    privileges_by: 'apply',
    grants: GRANTS,
    grant_sql: '-- …',
    connection: {},
  };
  writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify({ db2_users: { sensitive: false, type: ['object', {}], value: { 'ledger-prod/ordersapp': entry } } }));
});

afterEach(async () => {
  await fake.stop();
});

async function check(identity: string, env: Record<string, string> = {}, extra: string[] = []): Promise<CommandRun> {
  const result = await runCommand(['db2', 'check', 'prod', identity, '--outputs', 'outputs.json', '--iam-url', fake.url, ...extra], {
    cwd: dir,
    env: { DB2_CHECK_API_KEY: APP_KEY, DB2_SQL_POLL_MS: '0', DB2_BACKOFF_MS: '0', DB2_ATTEMPTS: '2', ...env },
  });
  for (const secret of [APP_KEY, ADMIN_KEY, OTHER_KEY, ...fake.tokens]) expect(result.stdout + result.stderr).not.toContain(secret);
  return result;
}

test('working: the key is the identity\'s, its Db2 user is mapped, the query runs as it, every privilege is there', async () => {
  const result = await check('orders-app-prod', { ADMIN_KEY_VARIABLE: ADMIN_KEY }, ['--admin-api-key-variable', 'ADMIN_KEY_VARIABLE']);
  expect(result.stdout).toBe(
    [
      '✓ IAM issued a token for the key in DB2_CHECK_API_KEY',
      `✓ the key belongs to orders-app-prod (iam-${APP_ID})`,
      `✓ Db2 user ordersapp exists, mapped to ${APP_ID} as bluuser`,
      '✓ connected as orders-app-prod and ran SELECT COUNT(*) FROM SYSCAT.TABLES: 41 tables',
      '✓ holds every declared privilege (2)',
      'orders-app-prod on ledger-prod: working',
      '',
    ].join('\n'),
  );
  expect(result.stderr).toContain('checking orders-app-prod as Db2 user ordersapp on ledger-prod…\n');
  // progress while the SQL job runs
  expect(result.stderr).toContain('querying as orders-app-prod: SQL job job-1 is running; waiting (1 check, 0 s)\n');
  expect(result.status).toBe(0);
});

test('a missing privilege is not working, and says what to run', async () => {
  fake.privileges.set('ORDERSAPP', new Set(['schema LEDGER SELECT', 'role REPORT_READER']));
  const result = await check('ordersapp');
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('✗ missing: UPDATE on every table of schema LEDGER\n! also holds, not declared: role REPORT_READER\nrun the db2_users output\'s grant_sql for ordersapp as a DBA, or apply the stack (privilegesBy: apply)\norders-app-prod on ledger-prod: not working\n');
});

test('without an admin key it cannot read the user, says so, and still proves the mapping by the query', async () => {
  const result = await check('ledger-prod/ordersapp');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('? cannot read Db2 user ordersapp with this key (HTTP 403 (forbidden: the caller may not manage users of this deployment)): reading users needs Administrator on the instance (--admin-api-key-variable); the query below shows whether the identity is a Db2 user\n');
});

test('a Db2 user that is not there is not working', async () => {
  fake.users.delete('ordersapp');
  const result = await check('orders-app-prod', { ADMIN: ADMIN_KEY }, ['--admin-api-key-variable', 'ADMIN']);
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('✗ Db2 user ordersapp does not exist on ledger-prod; apply the stack to create it\n');
});

test('a key of another identity is not working, and names whose it is', async () => {
  const result = await check('orders-app-prod', { DB2_CHECK_API_KEY: OTHER_KEY });
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(`✗ the key belongs to iam-ServiceId-22222222-2222-4222-8222-222222222222, not to orders-app-prod (iam-${APP_ID}); use a key of that service ID\n`);
});

test('a key IAM refuses is not working', async () => {
  const result = await check('orders-app-prod', { DB2_CHECK_API_KEY: 'a-key-iam-does-not-know-1234' });
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('✗ IAM refused the key in DB2_CHECK_API_KEY: HTTP 400 (BXNIM0415E: Provided API key could not be found.)');
});

test('cannot check: IAM unreachable, no key, an unknown identity', async () => {
  fake.inject('POST', /^\/identity\/token$/, { kind: 'status', status: 503 }, 5);
  const down = await check('orders-app-prod');
  expect([down.status, down.stderr.trim().split('\n').pop()]).toEqual([2, `error: IAM token exchange at ${fake.url}/identity/token: HTTP 503 (server_error: injected) (gave up after 2 attempts)`]);
  const noKey = await check('orders-app-prod', { DB2_CHECK_API_KEY: '' });
  expect([noKey.status, noKey.stderr]).toEqual([2, 'error: DB2_CHECK_API_KEY is not set: put an API key of orders-app-prod in it (a key is never a command-line argument)\n']);
  const unknown = await check('billing-app');
  expect([unknown.status, unknown.stderr]).toEqual([2, `error: ${path.join(dir, 'outputs.json')} maps no Db2 user to "billing-app"; name one of orders-app-prod (a service ID's name, a Db2 user ID, or <instance>/<user ID>)\n`]);
});

describe('ibm-data-guard db2 grants', () => {
  test('prints the GRANT script of an environment from its synthesized stack, for a DBA', async () => {
    const stacks = path.join(synthesizedSamples(), 'stacks');
    const prod = await runCommand(['db2', 'grants', 'prod', '--stack-dir', path.join(stacks, 'prod')]);
    expect([prod.status, prod.stderr]).toEqual([0, '']);
    expect(prod.stdout).toBe(
      [
        '-- Db2 user ordersapp (service ID orders-app-prod) on ledger-prod, declared with ibm-data-guard',
        'GRANT SELECTIN, INSERTIN, UPDATEIN ON SCHEMA LEDGER TO USER ORDERSAPP;',
        'GRANT SELECT ON TABLE REPORTING.DAILY_TOTALS TO USER ORDERSAPP;',
        '',
      ].join('\n'),
    );
    const dev = await runCommand(['db2', 'grants', 'dev', '--stack-dir', path.join(stacks, 'dev')]);
    expect([dev.status, dev.stdout, dev.stderr]).toEqual([2, '', `${path.join(stacks, 'dev', 'cdk.tf.json')} maps no identity to a Db2 user (identities.<key>.db2, or Db2Instance.grantAccess)\n`]);
    const missing = await runCommand(['db2', 'grants', 'qa'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^cannot read .*cdktf\.out\/stacks\/qa\/cdk\.tf\.json \(ENOENT: no such file or directory, open .*\): synthesize first \(npm run synth\), or give --stack-dir\n$/);
  });
});
