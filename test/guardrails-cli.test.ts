// npm run guardrails on hand-written Terraform JSON, folders, cdktf.out and plans: what it
// finds, by address, what it prints, the JSON report and the exit codes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkConfiguration, loadConfigurations, readPlanJson } from '../guardrails';
import { runCommand } from './support/cli';

const FIXTURES = path.join(__dirname, 'fixtures', 'guardrails');
const INSECURE = path.join(FIXTURES, 'insecure-production.tf.json');
const SECURE = path.join(FIXTURES, 'secure-production.tf.json');

/** the command as a shell runs it, in a child process: one case proves the shell works */
function guardrailsProcess(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'cli', 'main.ts'), 'guardrails', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** the command in this process: the same code, without starting Node for each case */
const guardrails = (...args: string[]) => runCommand(['guardrails', ...args]);

function temporaryFolder(): string {
  return mkdtempSync(path.join(tmpdir(), 'guardrails-'));
}

describe('npm run guardrails', () => {
  test('refuses a hand-written production stack with one finding per misconfigured resource, by address (run as a shell runs it)', () => {
    const folder = temporaryFolder();
    const reportFile = path.join(folder, 'report.json');
    const run = guardrailsProcess(INSECURE, '--json', reportFile);
    expect(run.status).toBe(1);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { totals: unknown; configurations: { findings: { rule: string; address: string; level: string }[] }[] };
    const findings = report.configurations[0]!.findings.map((finding) => [finding.rule, finding.address, finding.level]);
    expect(findings).toEqual([
      ['IBM-CLD-1', 'ibm_cloudant.legacy_credentials', 'error'],
      ['IBM-CLD-2', 'ibm_cloudant.open_cors', 'error'],
      ['IBM-CLD-3', 'ibm_cloudant.no_prevent_destroy', 'error'],
      ['IBM-CLD-4', 'ibm_cloudant.no_data_events', 'error'],
      ['IBM-IAM-1', 'ibm_iam_service_policy.account_wide', 'error'],
      ['IBM-IAM-2', 'ibm_iam_service_policy.administrator', 'error'],
      ['IBM-IAM-3', 'ibm_iam_service_policy.manager', 'error'],
      ['IBM-KEY-1', 'ibm_iam_service_api_key.stored', 'error'],
      ['IBM-KEY-2', 'ibm_iam_service_api_key.never_expires', 'error'],
      ['IBM-KEY-3', 'ibm_iam_service_api_key.long_lived', 'error'],
      ['IBM-KEY-4', 'ibm_iam_service_api_key.not_rotated', 'error'],
      ['IBM-KEY-5', 'ibm_iam_service_api_key.locked', 'error'],
      ['IBM-NET-1', 'ibm_cbr_zone.everywhere', 'error'],
      ['IBM-NET-2', 'ibm_cbr_rule.report_mode', 'error'],
      ['IBM-NET-4', 'ibm_cbr_rule.gen1', 'error'],
      ['IBM-NET-5', 'ibm_cbr_rule.all_api_types', 'error'],
      ['IBM-NET-6', 'ibm_cbr_rule.service_ref_zone', 'error'],
      ['IBM-NET-7', 'ibm_cloudant.unprotected', 'error'],
      ['IBM-ACC-1', 'ibm_iam_account_settings.apikey_creation_open', 'error'],
      ['IBM-ACC-2', 'ibm_iam_account_settings.mfa_off', 'error'],
      ['IBM-ACC-3', 'ibm_iam_account_settings.service_id_creation_open', 'error'],
      ['IBM-ACC-4', 'ibm_iam_account_settings.allowlist_unset', 'error'],
      ['IBM-SEC-1', 'terraform_data.leaks_key', 'error'],
      ['IBM-SEC-2', 'output.key_value', 'error'],
      ['IBM-IAM-4', 'ibm_iam_service_policy.deprecated_identity', 'warning'],
      ['IBM-NET-3', 'ibm_cbr_rule.every_instance', 'warning'],
    ]);
    expect(new Set(findings.map(([, address]) => address)).size).toBe(findings.length);
    expect(report.totals).toEqual({ errors: 24, warnings: 2, suppressed: 0, unusedSuppressions: 0, notJudged: 0 });
    expect(run.stdout).toContain(
      '  ERROR IBM-CLD-1 ibm_cloudant.legacy_credentials\n' +
        '    the Cloudant instance has legacy (username and password) credentials: legacy_credentials = true\n' +
        '    fix: set legacy_credentials = false (CloudantInstance always does); an instance that already has them needs an IBM support case to remove them\n',
    );
    expect(run.stdout.endsWith('1 configuration checked: 24 errors, 2 warnings, 0 suppressed, 0 unused suppressions, 0 not judged\n')).toBe(true);
  });

  test('passes a secure production stack', async () => {
    const run = await guardrails(SECURE);
    expect(run).toEqual({
      status: 0,
      stdout: 'secure-production (production): 0 errors, 0 warnings, 0 suppressed\n1 configuration checked: 0 errors, 0 warnings, 0 suppressed, 0 unused suppressions, 0 not judged\n',
      stderr: '',
    });
  });

  test('exits 2 with the reason when the input cannot be read', async () => {
    const folder = temporaryFolder();
    writeFileSync(path.join(folder, 'broken.json'), '{ "resource": ');
    expect(await guardrails(path.join(folder, 'broken.json'))).toMatchObject({ status: 2, stdout: '', stderr: `${path.join(folder, 'broken.json')}: is not valid JSON\n` });
    expect(await guardrails(path.join(folder, 'missing'))).toMatchObject({ status: 2, stderr: `${path.join(folder, 'missing')}: no such file or folder\n` });
    expect(await guardrails()).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: missing required argument 'input'\n\nUsage: ibm-data-guard guardrails \[options\] <input\.\.\.>/) });
  });
});

describe('guardrail inputs', () => {
  test('refuses HCL and folders without Terraform JSON, saying what it reads', () => {
    const folder = temporaryFolder();
    writeFileSync(path.join(folder, 'main.tf'), 'resource "ibm_cloudant" "x" {}\n');
    expect(() => loadConfigurations(path.join(folder, 'main.tf'))).toThrow(`${path.join(folder, 'main.tf')}: HCL is not read; check the plan instead (terraform show -json plan.out > plan.json)`);
    expect(() => loadConfigurations(folder)).toThrow(
      `${folder}: no Terraform JSON here (found: main.tf: HCL is not read; check the plan instead (terraform show -json plan.out > plan.json)); give cdktf.out, a stack folder with cdk.tf.json, a folder of *.tf.json files, or the JSON of a plan (terraform show -json plan.out > plan.json)`,
    );
  });

  test('cdktf.out: one configuration per stack, named for it', () => {
    const out = temporaryFolder();
    for (const [name, file] of [['prod', SECURE], ['risky', INSECURE]] as const) {
      mkdirSync(path.join(out, 'stacks', name), { recursive: true });
      writeFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), readFileSync(file));
    }
    expect(loadConfigurations(out).map((configuration) => configuration.name)).toEqual(['prod', 'risky']);
    expect(loadConfigurations(path.join(out, 'stacks')).map((configuration) => configuration.name)).toEqual(['prod', 'risky']);
    expect(loadConfigurations(path.join(out, 'stacks', 'prod')).map((configuration) => configuration.name)).toEqual(['prod']);
  });

  test('a folder of *.tf.json files is one module: a rule in one file protects an instance in another', () => {
    const folder = temporaryFolder();
    const secure = JSON.parse(readFileSync(SECURE, 'utf8')) as { resource: Record<string, unknown> };
    const { ibm_cbr_rule: rules, ibm_cbr_zone: zones, ...others } = secure.resource;
    writeFileSync(path.join(folder, 'main.tf.json'), JSON.stringify({ ...secure, resource: others }));
    writeFileSync(path.join(folder, 'network.tf.json'), JSON.stringify({ resource: { ibm_cbr_rule: rules, ibm_cbr_zone: zones } }));
    const [configuration] = loadConfigurations(folder);
    expect(configuration!.name).toBe(path.basename(folder));
    expect(checkConfiguration(configuration!).findings).toEqual([]);
  });
});

describe('a plan as input', () => {
  // terraform show -json of a plan that creates an instance, a key and a policy
  const plan = {
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [
          { address: 'ibm_cloudant.orders', mode: 'managed', type: 'ibm_cloudant', name: 'orders', values: { name: 'orders', plan: 'standard-gen2', location: 'us-east', legacy_credentials: false, enable_cors: false, include_data_events: true } },
          { address: 'ibm_iam_service_api_key.app', mode: 'managed', type: 'ibm_iam_service_api_key', name: 'app', values: { name: 'app', store_value: true, expires_at: '2027-01-01T00:00+0000' } },
        ],
      },
    },
    configuration: {
      root_module: {
        resources: [
          { address: 'ibm_cloudant.orders', mode: 'managed', type: 'ibm_cloudant', name: 'orders', expressions: { name: { references: ['var.name'] }, plan: { constant_value: 'standard-gen2' }, location: { constant_value: 'us-east' }, legacy_credentials: { constant_value: false }, enable_cors: { constant_value: false }, include_data_events: { constant_value: true } } },
          { address: 'ibm_iam_service_id.app', mode: 'managed', type: 'ibm_iam_service_id', name: 'app', expressions: { name: { constant_value: 'app' } } },
          { address: 'ibm_iam_service_api_key.app', mode: 'managed', type: 'ibm_iam_service_api_key', name: 'app', expressions: { name: { constant_value: 'app' }, iam_service_id: { references: ['ibm_iam_service_id.app.iam_id', 'ibm_iam_service_id.app'] }, expires_at: { references: ['var.expiry'] } } },
          {
            address: 'ibm_iam_service_policy.app',
            mode: 'managed',
            type: 'ibm_iam_service_policy',
            name: 'app',
            expressions: {
              iam_id: { references: ['ibm_iam_service_id.app.iam_id', 'ibm_iam_service_id.app'] },
              roles: { constant_value: ['Reader'] },
              resources: [{ service: { constant_value: 'cloudantnosqldb' }, resource_instance_id: { references: ['ibm_cloudant.orders.guid', 'ibm_cloudant.orders'] } }],
            },
          },
        ],
        outputs: { key: { expression: { references: ['ibm_iam_service_api_key.app.apikey', 'ibm_iam_service_api_key.app'] }, sensitive: false } },
      },
    },
  };

  test('reads constants, follows references, takes known values from the plan, and says what a plan cannot tell', () => {
    const report = checkConfiguration(readPlanJson(plan, 'plan', { production: true }), { now: new Date('2026-11-23T00:00:00Z') });
    expect(report.findings.map((finding) => [finding.rule, finding.address, finding.finding.split(': ').slice(1).join(': ')])).toEqual([
      ['IBM-KEY-1', 'ibm_iam_service_api_key.app', 'store_value is not set (the provider default is true)'],
      ['IBM-NET-7', 'ibm_cloudant.orders', 'no ibm_cbr_rule with enforcement_mode "enabled" names it (or covers every instance)'],
      ['IBM-SEC-2', 'output.key', 'reads ibm_iam_service_api_key.app.apikey'],
    ]);
    expect(report.notJudged).toEqual([
      { rule: 'IBM-CLD-3', address: 'ibm_cloudant.orders', constructPath: undefined, reason: 'a plan does not record lifecycle; check the configuration (cdk.tf.json) instead' },
      { rule: 'IBM-KEY-4', address: 'ibm_iam_service_api_key.app', constructPath: undefined, reason: 'a plan does not record lifecycle.replace_triggered_by; check the configuration (cdk.tf.json) instead' },
    ]);
  });

  test('takes production, levels and suppressions from a settings file', async () => {
    const folder = temporaryFolder();
    writeFileSync(path.join(folder, 'plan.json'), JSON.stringify(plan));
    writeFileSync(
      path.join(folder, 'settings.yaml'),
      'production: true\nsuppressions:\n  - { rule: IBM-NET-7, address: ibm_cloudant.orders, reason: the network rule is managed by the platform stack }\n',
    );
    const run = await guardrails(path.join(folder, 'plan.json'), '--settings', path.join(folder, 'settings.yaml'));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('  suppressed IBM-NET-7 ibm_cloudant.orders: the network rule is managed by the platform stack\n');
    expect(run.stdout).toContain('  not judged IBM-CLD-3 ibm_cloudant.orders: a plan does not record lifecycle; check the configuration (cdk.tf.json) instead\n');
    writeFileSync(path.join(folder, 'bad.yaml'), 'suppressions:\n  - { rule: IBM-NET-77, reason: short }\n');
    expect(await guardrails(path.join(folder, 'plan.json'), '--settings', path.join(folder, 'bad.yaml'))).toMatchObject({
      status: 2,
      stderr:
        `${path.join(folder, 'bad.yaml')}.suppressions[0].rule: "IBM-NET-77" is not a guardrail rule; did you mean IBM-NET-7? the rules are listed in docs/guardrails.md\n` +
        `${path.join(folder, 'bad.yaml')}.suppressions[0].reason: the reason is 5 characters long; say in at least 10 why the rule does not apply here, for the auditor who reads it\n`,
    });
  });
});
