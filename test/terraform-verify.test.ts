// Terraform itself reads stacks: the README's example app converges; mutated stacks show what
// Terraform catches, and that the synth-time rules catch it first; \`ibm-data-guard verify\` as a
// user runs it. (The samples, and plans of real changes: terraform-samples.test.ts.)
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from '../constructs/core/cdktf';
import { CloudantInstance, Db2Instance, IbmProvider, ServiceIdentity } from '../constructs';
import { checkConfiguration, readTerraformJson } from '../guardrails';
import { runCommand } from './support/cli';
import { checkStackConformance, loadIbmProviderFacts } from '../tools/schema-conformance';
import { TerraformCheckError, TerraformMissingError, terraformVersion, verifyStack } from '../verify/terraform';
import { ACCOUNT, actionsOf, Json, NOW, synthesizedSamples } from './support/terraform-samples';

test('Terraform is on this machine (the checks below need it; CI installs it)', () => {
  expect(terraformVersion()).toMatch(/^1\.(1[0-9]|[2-9]\d)\./);
});

test('an example app of the README, in TypeScript, goes through Terraform too', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'verify-example-'));
  const app = new App({ outdir: dir, stackTraces: false, skipValidation: true });
  const stack = new TerraformStack(app, 'example');
  new IbmProvider(stack, 'ibm', { region: 'us-east', visibility: 'private' });
  const orders = new CloudantInstance(stack, 'orders', { name: 'orders-prod', plan: 'standard-gen2', location: 'us-east', capacity: 2, databases: { orders: { partitioned: true } } });
  orders.addDatabase('scratch', { allowDestroy: true });
  const reporting = new ServiceIdentity(stack, 'reporting', { name: 'reporting' });
  orders.grantRead(reporting, { database: 'orders' });
  reporting.addApiKey('jobs', { name: 'jobs', rotationDays: 30 });
  app.synth();
  const result = verifyStack(path.join(dir, 'stacks', 'example'), { accountId: ACCOUNT, region: 'us-east', now: NOW });
  expect(new Set(actionsOf(result.replan))).toEqual(new Set(['no-op']));
});

test('the README\'s Db2 example goes through Terraform: the instance, the connection info, the user steps and the db2_users output', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'verify-db2-'));
  const app = new App({ outdir: dir, stackTraces: false, skipValidation: true });
  const stack = new TerraformStack(app, 'example');
  new IbmProvider(stack, 'ibm', { region: 'us-south' });
  const ledger = new Db2Instance(stack, 'ledger', { name: 'ledger', location: 'us-south', backupLocation: 'us' });
  const app2 = new ServiceIdentity(stack, 'orders-app', { name: 'orders-app' });
  app2.addApiKey('key', { name: 'orders-app', rotationDays: 30 });
  ledger.grantAccess(app2, { userId: 'ordersapp', privileges: { schemas: { LEDGER: ['SELECT', 'INSERT', 'UPDATE'] } } });
  app.synth();
  const result = verifyStack(path.join(dir, 'stacks', 'example'), { accountId: ACCOUNT, region: 'us-south', now: NOW });
  expect(new Set(actionsOf(result.replan))).toEqual(new Set(['no-op']));
  // the state before the second plan: what the apply made
  const replan = result.replan as { prior_state: { values: { outputs: Record<string, { value: Record<string, { user_id: string; sql_url: string }> }> } } };
  const entry = replan.prior_state.values.outputs.db2_users!.value['ledger/ordersapp']!;
  expect(entry.user_id).toBe('ordersapp');
  expect(entry.sql_url).toMatch(/^https:\/\/[^/]+\/dbapi\/v4$/);
});

describe('what Terraform catches in a stack a bug or an escape hatch broke, and the synth-time rules catch first', () => {
  // a copy of the dev sample with one resource edited
  function brokenDev(edit: (json: { resource: Json }) => void): { folder: string; json: { resource: Json } } {
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'verify-broken-')), 'dev');
    cpSync(path.join(synthesizedSamples(), 'stacks', 'dev'), folder, { recursive: true });
    const json = JSON.parse(readFileSync(path.join(folder, 'cdk.tf.json'), 'utf8')) as { resource: Json };
    edit(json);
    writeFileSync(path.join(folder, 'cdk.tf.json'), JSON.stringify(json));
    return { folder, json };
  }
  const failureOf = (folder: string) => {
    try {
      verifyStack(folder, { accountId: ACCOUNT, region: 'us-south', now: NOW, planOnly: true });
    } catch (error) {
      expect(error).toBeInstanceOf(TerraformCheckError);
      return error as TerraformCheckError;
    }
    throw new Error('expected Terraform to refuse the stack');
  };
  const firstOf = (json: { resource: Json }, type: string) => Object.values(json.resource[type]!)[0]!;

  test('a reference to an undeclared resource: Terraform refuses it at validate, IBM-TF-1 at synth', () => {
    const { folder, json } = brokenDev((stack) => {
      firstOf(stack, 'ibm_iam_service_id').description = '${ibm_iam_service_id.nope.id}';
    });
    const failure = failureOf(folder);
    expect([failure.step, failure.output]).toEqual(['validate', expect.stringContaining('Reference to undeclared resource')]);
    expect(checkConfiguration(readTerraformJson(json, 'dev')).findings.map((finding) => [finding.rule, finding.finding.split(': ').pop()])).toContainEqual(['IBM-TF-1', 'ibm_iam_service_id.nope']);
  });

  test('an argument the provider does not have: Terraform refuses it at validate, the schema conformance check at synth time in CI', () => {
    const { folder, json } = brokenDev((stack) => {
      firstOf(stack, 'ibm_cloudant').shard_count = 8;
    });
    const failure = failureOf(folder);
    expect([failure.step, failure.output]).toEqual(['validate', expect.stringContaining('No argument or block type is named "shard_count".')]);
    const { schema, validators } = loadIbmProviderFacts();
    expect(checkStackConformance(json, schema, validators).map((finding) => [finding.argument, finding.message])).toEqual([['shard_count', 'is not an argument of this type in the provider schema']]);
  });

  test('a replace_triggered_by that names nothing: Terraform refuses it, IBM-TF-2 at synth', () => {
    const { folder, json } = brokenDev((stack) => {
      const key = firstOf(stack, 'ibm_iam_service_api_key');
      (key.lifecycle as Record<string, unknown>).replace_triggered_by = ['terraform_data.nope'];
    });
    const failure = failureOf(folder);
    expect(failure.output).toContain('Reference to undeclared resource');
    expect(checkConfiguration(readTerraformJson(json, 'dev')).findings.map((finding) => [finding.rule, finding.finding.split(': ').pop()])).toContainEqual(['IBM-TF-2', 'terraform_data.nope']);
  });
});

describe('ibm-data-guard verify, as a user runs it', () => {
  const ROOT = path.join(__dirname, '..');
  const verify = (args: string[], env: NodeJS.ProcessEnv = process.env) => runCommand(['verify', ...args], { cwd: ROOT, env });

  test('a synthesized environment: each step of Terraform, then that it accepts the stack (exit 0)', async () => {
    const run = await verify(['dev', '--out', synthesizedSamples()]);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout.replace(/\(\d+\.\d s\)/g, '(… s)')).toBe(
      ['init', 'validate', 'plan', 'show'].map((step) => `terraform ${step}: ok (… s)\n`).join('') + 'dev: Terraform accepts the stack\n',
    );
  });

  test('a stack Terraform refuses: its own message, with the line in cdk.tf.json (exit 1)', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'verify-cli-'));
    cpSync(path.join(synthesizedSamples(), 'stacks', 'dev'), path.join(out, 'stacks', 'dev'), { recursive: true });
    const file = path.join(out, 'stacks', 'dev', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { resource: Json };
    Object.values(json.resource.ibm_cloudant!)[0]!.shard_count = 8;
    writeFileSync(file, JSON.stringify(json, null, 2));
    const run = await verify(['dev', '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^dev: terraform validate failed:\n/);
    expect(run.stderr).toMatch(/on cdk\.tf\.json line \d+/);
    expect(run.stderr).toContain('No argument or block type is named "shard_count".');
  });

  test('no Terraform on the PATH: says what to install (exit 2)', async () => {
    const run = await verify(['dev', '--out', synthesizedSamples()], { ...process.env, PATH: mkdtempSync(path.join(tmpdir(), 'no-terraform-')) });
    expect([run.status, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe('terraform could not be run (ENOENT): the offline check runs Terraform itself; install Terraform 1.10 or later and put it on the PATH\n');
  });

  test('a Terraform older than 1.10 is refused by name', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'old-terraform-'));
    writeFileSync(path.join(bin, 'terraform'), '#!/bin/sh\necho \'{"terraform_version":"1.5.7"}\'\n', { mode: 0o755 });
    expect(() => terraformVersion(path.join(bin, 'terraform'))).toThrow(new TerraformMissingError(`Terraform 1.5.7 at ${path.join(bin, 'terraform')}: the offline check needs Terraform 1.10 or later`));
  });

  test('an environment with no file, or a stack not synthesized: says which, and what to run (exit 2)', async () => {
    const unknown = await verify(['qa', '--out', synthesizedSamples()]);
    expect([unknown.status, unknown.stderr]).toEqual([2, `qa: no environment file of that name in ${path.join(ROOT, 'environments')}\n`]);
    const empty = mkdtempSync(path.join(tmpdir(), 'verify-empty-'));
    const unsynthesized = await verify(['dev', '--out', empty]);
    expect([unsynthesized.status, unsynthesized.stderr]).toEqual([2, `dev: ${path.join(empty, 'stacks', 'dev', 'cdk.tf.json')} does not exist; synthesize first (npm run synth, or cdktf synth)\n`]);
  });
});
