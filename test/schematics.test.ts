// ibm-data-guard schematics push / plan / apply for the reporting sample (engine: schematics),
// against a loopback Schematics API (test/support/fake-schematics): the workspace made once
// and updated after, the synthesized stack uploaded as a tar, jobs followed with their logs,
// failures and faults, and no key or token printed.
import { cpSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { SCHEMATICS_LOCATIONS } from '../engines/schematics';
import { FakeSchematics } from './support/fake-schematics';
import { directoryWith } from './support/environment';
import { CommandRun, runCommand } from './support/cli';
import { synthesizedSamples } from './support/terraform-samples';

const ROOT = path.resolve(__dirname, '..');
const KEY = 'schematics-canary-key-0001-abcdefghijkl';

let fake: FakeSchematics;
let dir: string;

beforeEach(async () => {
  fake = await new FakeSchematics().start();
  fake.keys.add(KEY);
  dir = directoryWith({});
  // a project as a user has it: environment files and the synthesized stacks
  cpSync(path.join(ROOT, 'environments'), path.join(dir, 'environments'), { recursive: true });
  mkdirSync(path.join(dir, 'cdktf.out'));
  cpSync(path.join(synthesizedSamples(), 'stacks'), path.join(dir, 'cdktf.out', 'stacks'), { recursive: true });
});

afterEach(async () => {
  await fake.stop();
});

async function schematics(args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  const result = await runCommand(['schematics', ...args], { cwd: dir, env: { SCHEMATICS_URL: fake.url, SCHEMATICS_AUTH_URL: fake.url, SCHEMATICS_APIKEY: KEY, SCHEMATICS_POLL_MS: '0', ...env } });
  for (const secret of [KEY, ...fake.tokens, ...fake.refreshTokens]) expect(result.stdout + result.stderr).not.toContain(secret);
  return result;
}

test('push makes the workspace from the synthesized stack, with no backend block, and updates it the second time', async () => {
  const first = await schematics(['push', 'reporting']);
  expect([first.status, first.stdout]).toEqual([0, 'next: ibm-data-guard schematics plan reporting\n']);
  const [workspace] = [...fake.workspaces.values()];
  expect(workspace).toMatchObject({ name: 'ibm-data-guard-reporting', type: ['terraform_v1.9'], location: 'eu-de', resource_group: 'data-reporting', tags: ['env:reporting', 'team:data'], status: 'INACTIVE', uploaded: ['cdk.tf.json'] });
  expect((workspace!.stack as { terraform: Record<string, unknown> }).terraform.backend).toBeUndefined();
  expect(first.stderr).toMatch(/^created workspace ibm-data-guard-reporting \(eu-de\.workspace\.ibm-data-guard-reporting\.1\) in eu-de, terraform_v1\.9\nuploaded .*reporting \(\d+ bytes\) as the workspace's template\n$/);
  const second = await schematics(['push', 'reporting']);
  expect(second.status).toBe(0);
  expect(fake.workspaces.size).toBe(1);
  expect(fake.requests.filter((r) => r.path.startsWith('/v1/workspaces')).map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'POST 201', 'PUT 200', 'GET 200', 'PUT 200', 'PUT 200']);
});

test('plan and apply start the job with the refresh token, follow it to the end and print its log; apply says what is left', async () => {
  await schematics(['push', 'reporting']);
  const plan = await schematics(['plan', 'reporting']);
  expect([plan.status, plan.stdout]).toEqual([0, 'PLAN started\nplan step 1\nplan step 2\nPLAN completed\n']);
  expect(plan.stderr).toContain('plan job activity-1 started on workspace ibm-data-guard-reporting (eu-de.workspace.ibm-data-guard-reporting.1)\n');
  expect(plan.stderr).toContain('plan job activity-1: IN PROGRESS (2 checks, 0 s)\n');
  expect(fake.requests.find((r) => r.path.endsWith('/plan'))!.refreshToken).toMatch(/^fake-refresh-token-/);
  const apply = await schematics(['apply', 'reporting']);
  expect(apply.status).toBe(0);
  expect(apply.stderr.trim().split('\n').slice(-2)).toEqual([
    'apply job activity-2 completed',
    "this stack has steps Schematics cannot run: run ibm-data-guard apply-steps reporting with the workspace's outputs (terraform output -json form)",
  ]);
});

test('a failed job exits 1 with Schematics\' message; a busy workspace, a missing push and the wrong engine exit 2', async () => {
  const notPushed = await schematics(['plan', 'reporting']);
  expect([notPushed.status, notPushed.stderr]).toEqual([2, 'no workspace ibm-data-guard-reporting: run ibm-data-guard schematics push first\n']);
  await schematics(['push', 'reporting']);
  fake.outcome = 'FAILED';
  const failed = await schematics(['apply', 'reporting']);
  expect(failed.status).toBe(1);
  expect(failed.stdout).toBe('APPLY started\napply step 1\napply step 2\nAPPLY failed\n');
  expect(failed.stderr.trim().split('\n').pop()).toBe('apply job activity-1 failed: Terraform apply failed: Error creating ibm_db2');
  // another job still running on the workspace
  fake.runningReads = 1000;
  fake.jobs.set('activity-other', { id: 'activity-other', workspace: [...fake.workspaces.keys()][0]!, name: 'APPLY', reads: 2 });
  const busy = await schematics(['plan', 'reporting']);
  expect(busy.status).toBe(2);
  expect(busy.stderr).toMatch(/^starting the plan of workspace eu-de\.workspace\.ibm-data-guard-reporting\.1: the workspace is busy \(409: .*\); a job is running on it: wait for it, then run again\n$/);
  const wrongEngine = await schematics(['push', 'staging']);
  expect([wrongEngine.status, wrongEngine.stderr]).toEqual([2, "staging's engine is hcp, not schematics: set engine: schematics in its file (Schematics takes no backend block)\n"]);
});

test('429 with Retry-After and a 503 are retried by the SDK; a key IAM refuses exits 2', async () => {
  fake.inject('GET', /^\/v1\/workspaces$/, 429, { retryAfter: '1' });
  fake.inject('POST', /^\/v1\/workspaces$/, 503);
  const pushed = await schematics(['push', 'reporting']);
  expect(pushed.status).toBe(0);
  expect(fake.requests.filter((r) => r.path === '/v1/workspaces').map((r) => `${r.method} ${r.status}`)).toEqual(['GET 429', 'GET 200', 'POST 503', 'POST 201']);
  const refused = await schematics(['push', 'reporting'], { SCHEMATICS_APIKEY: 'not-a-key-schematics-knows-1234' });
  expect(refused.status).toBe(2);
  expect(refused.stderr).toMatch(/^listing workspaces: IAM or Schematics refused the key \(400: .*\); check SCHEMATICS_APIKEY \(or IBMCLOUD_API_KEY\)\n$/);
});

test('a poll interval that is not a whole number of milliseconds exits 2 before any job starts', async () => {
  await schematics(['push', 'reporting']);
  const result = await schematics(['plan', 'reporting'], { SCHEMATICS_POLL_MS: '-5' });
  expect([result.status, result.stderr]).toEqual([2, 'SCHEMATICS_POLL_MS="-5" is not a whole number of milliseconds\n']);
  expect(fake.requests.filter((r) => r.path.endsWith('/plan'))).toEqual([]);
});

test('a bad --wait, a region with no Schematics location and a stack not synthesized exit 2, naming the fix', async () => {
  const wait = await schematics(['plan', 'reporting', '--wait', '0']);
  expect([wait.status, wait.stderr.split('\n')[0]]).toEqual([2, "error: option '--wait <seconds>' argument '0' is invalid. 0: give a whole number of seconds"]);
  const location = await schematics(['push', 'reporting', '--location', 'jp-tok']);
  expect([location.status, location.stderr]).toEqual([2, `jp-tok is not a Schematics location: give --location, one of ${SCHEMATICS_LOCATIONS.join(', ')}\n`]);
  const notSynthesized = await schematics(['push', 'reporting', '--stack-dir', 'nowhere']);
  expect([notSynthesized.status, notSynthesized.stderr]).toEqual([2, `${path.join(dir, 'nowhere', 'cdk.tf.json')} does not exist: synthesize first (npm run synth)\n`]);
  expect(fake.requests).toEqual([]);
});
