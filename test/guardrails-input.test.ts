// Terraform written elsewhere, as the guardrails read it: values set by expressions, the
// files of a folder merged with their overrides as Terraform merges them, what is not
// Terraform refused, what was skipped listed, and a rule that fails reported, not fatal.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkConfiguration, formatReports, GuardrailInputError, GuardrailRule, loadConfigurations, readTerraformJson } from '../guardrails';

const cloudant = (config: Record<string, unknown>) => ({ resource: { ibm_cloudant: { orders: { name: 'orders', plan: 'standard-gen2', location: 'us-east', enable_cors: false, include_data_events: true, ...config } } } });

function folderWith(files: Record<string, unknown>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'guardrails-input-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), typeof content === 'string' ? content : JSON.stringify(content));
  return folder;
}

const findingsOf = (json: unknown, production = false) =>
  checkConfiguration(readTerraformJson(json, 'stack'), { production }).findings.map((finding) => [finding.rule, finding.level, finding.finding]);

describe('values set by expressions', () => {
  test('an expression only Terraform can evaluate is not judged, and says so', () => {
    const report = checkConfiguration(readTerraformJson(cloudant({ legacy_credentials: '${var.legacy}' }), 'stack'));
    expect(report.findings.filter((finding) => finding.rule === 'IBM-CLD-1')).toEqual([]);
    expect(report.notJudged.filter((each) => each.rule === 'IBM-CLD-1')).toEqual([
      {
        rule: 'IBM-CLD-1',
        address: 'ibm_cloudant.orders',
        constructPath: undefined,
        reason: 'legacy_credentials is set by the expression ${var.legacy}, which only Terraform can evaluate; check the plan (terraform show -json plan.out > plan.json) instead',
      },
    ]);
  });

  test('in production it is an error until a suppression gives the reason', () => {
    expect(findingsOf(cloudant({ legacy_credentials: '${var.legacy}' }), true).filter(([rule]) => rule === 'IBM-CLD-1')).toEqual([
      [
        'IBM-CLD-1',
        'error',
        'the Cloudant instance has legacy (username and password) credentials, or not: it cannot be judged: legacy_credentials is set by the expression ${var.legacy}, which only Terraform can evaluate; check the plan (terraform show -json plan.out > plan.json) instead',
      ],
    ]);
    const suppressed = checkConfiguration(
      readTerraformJson({ ...cloudant({ legacy_credentials: '${var.legacy}' }), '//': { guardrails: { production: true, suppressions: [{ rule: 'IBM-CLD-1', address: 'ibm_cloudant.orders', reason: 'var.legacy is false in every workspace' }] } } }, 'stack'),
    );
    expect(suppressed.findings.filter((finding) => finding.rule === 'IBM-CLD-1')).toEqual([]);
    expect(suppressed.suppressed.map((finding) => [finding.rule, finding.reason])).toEqual([['IBM-CLD-1', 'var.legacy is false in every workspace']]);
  });

  test('literal expressions and locals that hold literals are read as their values', () => {
    for (const json of [cloudant({ legacy_credentials: '${true}' }), { ...cloudant({ legacy_credentials: '${local.legacy}' }), locals: { legacy: '${local.really}', really: true } }]) {
      expect(findingsOf(json).filter(([rule]) => rule === 'IBM-CLD-1')).toEqual([['IBM-CLD-1', 'error', 'the Cloudant instance has legacy (username and password) credentials: legacy_credentials = true']]);
    }
    expect(findingsOf(cloudant({ legacy_credentials: '${false}' })).filter(([rule]) => rule === 'IBM-CLD-1')).toEqual([]);
  });

  test('an IP address in a zone that comes from an expression is not judged; a VPC CRN from one is a VPC', () => {
    const zone = (address: Record<string, unknown>) => ({ resource: { ibm_cbr_zone: { office: { account_id: 'a', name: 'office', addresses: [address] } } } });
    const report = checkConfiguration(readTerraformJson(zone({ type: 'subnet', value: '${var.office_cidr}' }), 'stack'));
    expect(report.notJudged.map((each) => [each.rule, each.reason])).toEqual([
      ['IBM-NET-1', 'the subnet address ${var.office_cidr} is an expression, which only Terraform can evaluate; check the plan instead'],
    ]);
    expect(checkConfiguration(readTerraformJson(zone({ type: 'vpc', value: '${ibm_is_vpc.orders.crn}' }), 'stack')).notJudged).toEqual([]);
  });
});

describe('a folder is one module, overrides applied as Terraform applies them', () => {
  test('an override replaces an argument, and a nested block of its type whole, whatever the file order', () => {
    const folder = folderWith({
      'main.tf.json': { resource: { ibm_cbr_zone: { office: { account_id: 'a', name: 'office', addresses: [{ type: 'subnet', value: '0.0.0.0/0' }, { type: 'subnet', value: '203.0.113.0/24' }] } } } },
      // sorts before main.tf.json, and still applies after it
      'a_override.tf.json': { resource: { ibm_cbr_zone: { office: { addresses: [{ type: 'subnet', value: '198.51.100.0/24' }] } } } },
    });
    const [configuration] = loadConfigurations(folder);
    expect(configuration!.element('ibm_cbr_zone.office')!.config).toEqual({ account_id: 'a', name: 'office', addresses: [{ type: 'subnet', value: '198.51.100.0/24' }] });
    expect(checkConfiguration(configuration!).findings).toEqual([]);
  });

  test('an override of one argument keeps the others, and lifecycle merges argument by argument', () => {
    const folder = folderWith({
      'main.tf.json': cloudant({ legacy_credentials: true, lifecycle: { prevent_destroy: true } }),
      'override.tf.json': { resource: { ibm_cloudant: { orders: { name: 'orders-renamed', lifecycle: { create_before_destroy: true } } } } },
    });
    const [configuration] = loadConfigurations(folder);
    const config = configuration!.element('ibm_cloudant.orders')!.config;
    expect(config.name).toBe('orders-renamed');
    expect(config.lifecycle).toEqual({ prevent_destroy: true, create_before_destroy: true });
    expect(checkConfiguration(configuration!).findings.map((finding) => finding.rule)).toContain('IBM-CLD-1');
  });

  test('an override beside cdk.tf.json in a stack folder counts too', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'guardrails-out-'));
    const stack = path.join(out, 'stacks', 'prod');
    mkdirSync(stack, { recursive: true });
    writeFileSync(path.join(stack, 'cdk.tf.json'), JSON.stringify(cloudant({ legacy_credentials: false })));
    writeFileSync(path.join(stack, 'local_override.tf.json'), JSON.stringify({ resource: { ibm_cloudant: { orders: { legacy_credentials: true } } } }));
    const [configuration] = loadConfigurations(out);
    expect(checkConfiguration(configuration!).findings.map((finding) => finding.rule)).toContain('IBM-CLD-1');
  });

  test('what Terraform refuses in a folder is refused', () => {
    expect(() => loadConfigurations(folderWith({ 'a.tf.json': cloudant({}), 'b.tf.json': cloudant({}) }))).toThrow(/: ibm_cloudant\.orders is declared in a\.tf\.json and again in b\.tf\.json; Terraform refuses a block declared twice \(use an override file to change it\)$/);
    expect(() => loadConfigurations(folderWith({ 'main.tf.json': cloudant({}), 'override.tf.json': { resource: { ibm_cloudant: { other: { name: 'x' } } } } }))).toThrow(
      /: override\.tf\.json overrides ibm_cloudant\.other, which no other file of the folder declares; Terraform refuses an override without an original$/,
    );
  });

  test('files that are not read are listed in the report', () => {
    const folder = folderWith({ 'main.tf.json': cloudant({ legacy_credentials: false }), 'variables.tf': 'variable "x" {}\n', 'notes.txt': 'x', '.terraform.lock.hcl': '' });
    const reports = loadConfigurations(folder).map((configuration) => checkConfiguration(configuration));
    expect(reports[0]!.skipped).toEqual(['notes.txt: not a Terraform JSON file (*.tf.json)', 'variables.tf: HCL is not read; check the plan instead (terraform show -json plan.out > plan.json)']);
    expect(formatReports(reports)).toContain(
      '  skipped notes.txt: not a Terraform JSON file (*.tf.json)\n  skipped variables.tf: HCL is not read; check the plan instead (terraform show -json plan.out > plan.json)\n',
    );
  });
});

describe('what is not Terraform is refused', () => {
  test.each([
    ['{}', {}, 'holds no Terraform blocks (resource, output, …); give a configuration or a plan'],
    ['a state file', { version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'x', resources: [] }, 'is a Terraform state file, not a configuration or a plan; check the plan (terraform show -json plan.out > plan.json) or the configuration'],
    ['any other JSON', { name: 'x', items: [1] }, 'is not Terraform JSON: 2 top-level keys are not a Terraform block type (name, items); Terraform JSON holds only resource, data, ephemeral, output, variable, locals, module, provider, terraform, moved, import, check, removed'],
    ['a list', [1, 2], 'is a JSON list, not Terraform JSON'],
    ['the JSON of a state', { format_version: '1.0', values: {} }, 'got the JSON of a state (terraform show -json without a plan file), not a plan; write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json'],
  ])('%s, as a file and in a folder', (_name, json, reason) => {
    const folder = folderWith({ 'input.tf.json': json });
    const file = path.join(folder, 'input.tf.json');
    expect(() => loadConfigurations(file)).toThrow(new GuardrailInputError(`${file}: ${reason}`));
  });

  test('JSON that does not parse is refused without quoting it', () => {
    const folder = folderWith({ 'main.tf.json': '{"variable": {"key": {"default": "secret-canary-0001"}} oops' });
    let message = '';
    try {
      loadConfigurations(folder);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`${path.join(folder, 'main.tf.json')}: is not valid JSON (line 1, column 57)`);
  });
});

describe('a rule that fails', () => {
  const broken: GuardrailRule = {
    id: 'IBM-CLD-1',
    level: 'error',
    types: ['ibm_cloudant'],
    title: 'broken',
    finding: 'broken',
    fix: 'none',
    why: 'a test rule',
    source: 'a test',
    check: () => {
      throw new Error('cannot read properties of undefined');
    },
  };

  test('is reported as not judged with its message, and the pack goes on', () => {
    const report = checkConfiguration(readTerraformJson(cloudant({}), 'stack'), { rules: [broken] });
    expect(report.notJudged).toEqual([
      { rule: 'IBM-CLD-1', address: 'ibm_cloudant.orders', constructPath: undefined, reason: 'the rule failed on this element (cannot read properties of undefined); please report it' },
    ]);
    const production = checkConfiguration(readTerraformJson(cloudant({}), 'stack'), { rules: [broken], production: true });
    expect(production.findings.map((finding) => [finding.rule, finding.level])).toEqual([['IBM-CLD-1', 'error']]);
  });
});

test('more findings than a screen holds get a count per rule first', () => {
  const resources: Record<string, unknown> = {};
  for (let index = 0; index < 12; index += 1) resources[`legacy_${index}`] = { name: `legacy-${index}`, plan: 'standard', location: 'us-east', legacy_credentials: true, enable_cors: false };
  const text = formatReports([checkConfiguration(readTerraformJson({ resource: { ibm_cloudant: resources } }, 'stack'))]);
  expect(text.split('\n').slice(0, 4)).toEqual([
    '12 findings by rule:',
    '  IBM-CLD-1  12 errors: the Cloudant instance has legacy (username and password) credentials',
    '',
    'stack: 12 errors, 0 warnings, 0 suppressed',
  ]);
});
