// ibm-data-guard apply-steps: the steps the reporting sample's engine (IBM Schematics) cannot
// run, taken from its synthesized post_apply_steps output with Terraform's references
// resolved as `terraform output -json` would, run against the loopback Cloudant and Db2
// stand-ins: then undone with --destroy. A failing step stops the rest; no secret is printed.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FakeCloudant } from './support/fake-cloudant';
import { FakeDb2 } from './support/fake-db2';
import { directoryWith } from './support/environment';
import { runCommand, CommandRun } from './support/cli';
import { synthesizedSamples } from './support/terraform-samples';

const DEPLOYER_KEY = 'deployer-canary-key-0001-abcdefghijkl';
const DEPLOYER_ID = 'iam-ServiceId-00000000-0000-4000-8000-00000000dep1';
const SOURCE_KEY = 'source-canary-key-0002-abcdefghijkl';
const TARGET_KEY = 'target-canary-key-0003-abcdefghijkl';
const APP_ID = 'ServiceId-11111111-1111-4111-8111-111111111111';

type Step = { name: string; script: string; command: string; environment: Record<string, string>; secrets: Record<string, string>; destroy: { command: string; environment: Record<string, string> } | null };

let cloudant: FakeCloudant;
let db2: FakeDb2;
let dir: string;

beforeEach(async () => {
  cloudant = await new FakeCloudant().start();
  cloudant.validKeys.add(DEPLOYER_KEY);
  db2 = await new FakeDb2().start();
  db2.identity(DEPLOYER_KEY, DEPLOYER_ID, { admin: true });
  db2.users.set('deployer', { id: 'deployer', iam: true, ibmid: DEPLOYER_ID.slice(4), name: 'deployer', role: 'bluadmin', locked: 'no' });
  db2.readsUntilDone = 0;
  dir = directoryWith({});
  writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(outputsOfReporting()));
});

afterEach(async () => {
  await cloudant.stop();
  await db2.stop();
});

// what terraform output -json prints for the reporting stack once applied: its steps with
// every reference resolved, and the sensitive outputs with the key values
function outputsOfReporting(): Record<string, { value: unknown; sensitive: boolean }> {
  const stack = JSON.parse(readFileSync(path.join(synthesizedSamples(), 'stacks', 'reporting', 'cdk.tf.json'), 'utf8')) as { output: Record<string, { value: unknown }> };
  const resolved: Record<string, string> = {
    DB2_API_URL: db2.apiUrl,
    DB2_SQL_URL: db2.apiUrl,
    DB2_DEPLOYMENT_ID: db2.crn,
    DB2_IAM_URL: db2.url,
    DB2_USER: JSON.stringify({ id: 'reports', ibmid: APP_ID, role: 'bluuser', name: 'report-builder-reporting' }),
    REPLICATION_HOST_URL: cloudant.url,
    REPLICATION_IAM_URL: cloudant.url,
    REPLICATION_DOCUMENT: JSON.stringify({ source: { url: `${cloudant.url}/events` }, target: { url: `${cloudant.url}/events-daily` }, continuous: false, create_target: false }),
  };
  const resolve = (environment: Record<string, string>) => Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value.includes('${') || name.endsWith('_URL') ? (resolved[name] ?? value) : value]));
  const steps = (stack.output.post_apply_steps!.value as Step[]).map((step) => ({
    ...step,
    environment: { ...resolve(step.environment), DB2_SQL_POLL_MS: '0', REPLICATION_BACKOFF_MS: '0', DB2_BACKOFF_MS: '0' },
    destroy: step.destroy && { ...step.destroy, environment: resolve(step.destroy.environment) },
  }));
  const outputs: Record<string, { value: unknown; sensitive: boolean }> = { post_apply_steps: { value: steps, sensitive: false } };
  for (const step of steps) {
    for (const [variable, output] of Object.entries(step.secrets)) outputs[output] = { value: variable === 'REPLICATION_SOURCE_API_KEY' ? SOURCE_KEY : TARGET_KEY, sensitive: true };
  }
  return outputs;
}

async function applySteps(args: string[] = []): Promise<CommandRun> {
  const result = await runCommand(['apply-steps', 'reporting', '--outputs', 'outputs.json', ...args], { cwd: dir, env: { IBMCLOUD_API_KEY: DEPLOYER_KEY, DB2_ATTEMPTS: '2', REPLICATION_ATTEMPTS: '2' } });
  for (const secret of [DEPLOYER_KEY, SOURCE_KEY, TARGET_KEY, ...db2.tokens]) expect(result.stdout + result.stderr).not.toContain(secret);
  expect(result.stdout + result.stderr).not.toContain('fake-iam-access-token');
  return result;
}

test('runs every step of the Schematics sample after the apply, in order, then undoes them before a destroy', async () => {
  const applied = await applySteps();
  expect(applied.status).toBe(0);
  expect(applied.stderr.split('\n').filter((line) => line.startsWith('['))).toEqual([
    '[1/3] reporting/db2-warehouse/user-reports/user: creates Db2 user reports on warehouse-reporting, mapped to report-builder-reporting, and reads it back',
    '[2/3] reporting/db2-warehouse/user-reports/privileges: makes the privileges of Db2 user reports exactly the declared ones',
    "[3/3] reporting/replication-events-daily/document: writes replication document events-daily-reporting (source and target keys included) to the host's _replicator",
  ]);
  expect(applied.stderr.trim().split('\n').pop()).toBe('3 steps done');
  expect(db2.users.get('reports')).toMatchObject({ iam: true, ibmid: APP_ID, role: 'bluuser' });
  expect(db2.held('reports')).toEqual(['schema REPORTS INSERT', 'schema REPORTS SELECT']);
  const document = cloudant.documents.get('events-daily-reporting')!.body as { source: { auth: { iam: { api_key: string } } } };
  expect(document.source.auth.iam.api_key).toBe(SOURCE_KEY);

  // idempotent: a second run changes nothing and succeeds
  const again = await applySteps();
  expect([again.status, again.stderr.trim().split('\n').pop()]).toEqual([0, '3 steps done']);

  const destroyed = await applySteps(['--destroy']);
  expect(destroyed.status).toBe(0);
  expect(destroyed.stderr.split('\n').filter((line) => line.startsWith('['))).toEqual([
    '[1/2] reporting/replication-events-daily/document: undoing (delete)',
    '[2/2] reporting/db2-warehouse/user-reports/user: undoing (delete-user)',
  ]);
  expect(cloudant.has('events-daily-reporting')).toBe(false);
  expect(db2.users.has('reports')).toBe(false);
  expect(db2.held('reports')).toEqual([]);
});

test('a failing step stops the ones after it, exits 1 and says running again is safe', async () => {
  db2.administrators.clear();
  const result = await applySteps();
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("error: reading Db2 user reports: HTTP 403 (forbidden: the caller may not manage users of this deployment); the deployer's key needs Administrator on the Db2 instance to manage its users, and an enabled CBR rule must allow this network\n");
  expect(result.stderr.trim().split('\n').pop()).toBe('step reporting/db2-warehouse/user-reports/user failed; the steps after it did not run. Every step is idempotent: fix the cause and run apply-steps again');
  expect(cloudant.has('events-daily-reporting')).toBe(false);
});

test('outputs without the steps, or without the key values they need', async () => {
  writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify({ cloudant_orders_crn: { value: 'crn:…', sensitive: false } }));
  const none = await applySteps();
  expect([none.status, none.stdout]).toEqual([0, `${path.join(dir, 'outputs.json')} lists no post-apply steps: this environment's engine runs every step inside Terraform\n`]);
  const outputs = outputsOfReporting();
  for (const name of Object.keys(outputs).filter((each) => each.startsWith('step_secret_'))) delete outputs[name];
  writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(outputs));
  const missing = await applySteps();
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/has no value for step_secret_replication_events_daily_document_[0-9A-F]{8}_replication_source_api_key, which step reporting\/replication-events-daily\/document needs; read the outputs with terraform output -json \(it includes sensitive outputs\)\n$/);
});

test('outputs that are not JSON, or steps ibm-data-guard did not write, exit 2 before any step runs', async () => {
  const file = path.join(dir, 'outputs.json');
  writeFileSync(file, 'post_apply_steps = []');
  const notJson = await applySteps();
  expect([notJson.status, notJson.stderr]).toEqual([2, `${file} is not JSON (write it with: terraform output -json > ${file})\n`]);
  writeFileSync(file, JSON.stringify({ post_apply_steps: { value: [{ name: 'x', command: 'rm -rf /' }], sensitive: false } }));
  const foreign = await applySteps();
  expect([foreign.status, foreign.stderr]).toEqual([2, `${file}: post_apply_steps is not a list of steps written by ibm-data-guard\n`]);
  expect([cloudant.requests.length, db2.requests.length]).toEqual([0, 0]);
});
