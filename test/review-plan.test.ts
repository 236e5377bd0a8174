// The plan review: every action, every security flag, masking (marks, nested marks, secret
// attributes and repeated secrets), truncation, and a canary secret that never appears.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderReview, reviewFromPlan, reviewMarker, securityFlags } from '../review';
import { changedAttributes } from '../review/attributes';
import { runCommand } from './support/cli';

const CANARY = 'CANARY-5f0c1d9e-never-print-me';
const CANARY_JSON = 'CANARY-JSON-7a1b-inside-credentials';
const DP = 'crn:v1:bluemix:public:context-based-restrictions::::api-type:data-plane';

type Change = Record<string, unknown>;
function change(address: string, actions: string[], body: Record<string, unknown>, extra: Record<string, unknown> = {}): Change {
  const [type, name] = address.replace(/^data\./, '').split('.');
  return { address, mode: address.startsWith('data.') ? 'data' : 'managed', type, name, ...extra, change: { actions, before: null, after: null, after_unknown: {}, before_sensitive: false, after_sensitive: false, ...body } };
}

const policy = (roles: string[], scope: Record<string, unknown>) => ({ iam_id: 'iam-ServiceId-1234', roles, resources: [{ service: 'cloudantnosqldb', ...scope }] });
const INSTANCE_SCOPE = { resource_instance_id: '0f1e2d3c-0000-4000-8000-0123456789ab' };
const DATABASE_SCOPE = { ...INSTANCE_SCOPE, resource_type: 'database', resource: 'orders' };
const rule = (mode: string) => ({ enforcement_mode: mode, operations: [{ api_types: [{ api_type_id: DP }] }] });
const zone = (values: string[]) => ({ name: 'office', addresses: values.map((value) => ({ type: 'subnet', value, ref: [] })) });
const settings = (over: Record<string, unknown>) => ({
  restrict_create_service_id: 'RESTRICTED',
  restrict_create_platform_apikey: 'RESTRICTED',
  mfa: 'TOTP4ALL',
  allowed_ip_addresses: '203.0.113.0/24',
  ...over,
});

/** a plan with every action and every flag, and the canary in every place a secret can hide */
function fullPlan() {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_changes: [
      change('ibm_cloudant.orders', ['no-op'], { before: { name: 'orders' }, after: { name: 'orders' } }),
      change('ibm_iam_service_policy.admin', ['create'], { after: policy(['Manager'], INSTANCE_SCOPE), after_unknown: { id: true } }),
      change('ibm_iam_service_policy.reader', ['update'], { before: policy(['Reader'], DATABASE_SCOPE), after: policy(['Reader', 'Writer'], DATABASE_SCOPE) }),
      change('ibm_iam_service_policy.widened', ['create', 'delete'], { before: policy(['Reader'], DATABASE_SCOPE), after: policy(['Reader'], INSTANCE_SCOPE), replace_paths: [['resources', 0, 'resource_type']] }, { action_reason: 'replace_because_cannot_update' }),
      change('ibm_cbr_rule.orders', ['update'], { before: rule('enabled'), after: rule('disabled') }),
      change('ibm_cbr_rule.gone', ['delete'], { before: rule('enabled') }, { action_reason: 'delete_because_no_resource_config' }),
      change('ibm_cbr_zone.office', ['update'], { before: zone(['203.0.113.0/24']), after: zone(['203.0.113.0/24', '198.51.100.0/24', '0.0.0.0/0', '8.0.0.0/7']) }),
      change('ibm_iam_account_settings.account', ['update'], {
        before: settings({}),
        after: settings({ restrict_create_service_id: 'NOT_RESTRICTED', mfa: 'NONE', allowed_ip_addresses: '?203.0.113.0/24, 192.0.2.10' }),
      }),
      change('ibm_cloudant.legacy', ['update'], { before: { name: 'legacy', legacy_credentials: false }, after: { name: 'legacy', legacy_credentials: true } }),
      change('ibm_iam_service_api_key.app', ['delete', 'create'], {
        before: { name: 'app', store_value: false, apikey: CANARY },
        after: { name: 'app', store_value: true, apikey: null },
        after_unknown: { apikey: true, id: true },
        before_sensitive: { apikey: true },
        after_sensitive: { apikey: true },
        replace_paths: [['store_value']],
      }, { action_reason: 'replace_by_triggers' }),
      // the key's value in terraform_data, unmarked: the plan says nothing, the review masks it anyway
      change('terraform_data.document', ['update'], { before: { input: { host: 'orders.example.com' }, output: { host: 'orders.example.com' } }, after: { input: { host: 'orders.example.com', leaked: CANARY }, output: { leaked: CANARY } } }),
      // a secret attribute the marks forget, with a nested JSON secret
      change('ibm_resource_key.manager', ['create'], {
        after: { name: 'manager', credentials: { apikey: CANARY_JSON, url: 'https://example.cloudant.com' }, credentials_json: JSON.stringify({ apikey: CANARY_JSON }) },
        after_sensitive: { credentials: { apikey: true } },
      }),
      change('ibm_cloudant_database.old', ['delete'], { before: { db: 'old', instance_crn: 'crn:v1:bluemix:public:cloudantnosqldb:us-east:a/0123:0f1e::' } }, { action_reason: 'delete_because_no_resource_config' }),
      change('data.ibm_resource_group.group', ['read'], { after_unknown: { id: true } }, { action_reason: 'read_because_config_unknown' }),
      change('ibm_cloudant.retired', ['forget'], { before: { name: 'retired' } }),
    ],
    resource_drift: [change('ibm_cloudant.orders', ['update'], { before: { name: 'orders', capacity: 1 }, after: { name: 'orders', capacity: 3 } })],
    output_changes: {
      key: { actions: ['update'], before: CANARY, after: null, after_unknown: true, before_sensitive: true, after_sensitive: true },
      url: { actions: ['create'], before: null, after: 'https://orders.example.com', after_unknown: false, before_sensitive: false, after_sensitive: false },
      same: { actions: ['no-op'], before: 'x', after: 'x', after_unknown: false, before_sensitive: false, after_sensitive: false },
    },
  };
}

function render(plan: unknown = fullPlan(), limit?: number): string {
  const text = renderReview(reviewFromPlan(plan, 'prod'), { limit });
  expect(text).not.toContain(CANARY);
  expect(text).not.toContain(CANARY_JSON);
  return text;
}

describe('the plan review', () => {
  test('starts with the hidden marker, the counts and a banner naming every deletion and replacement', () => {
    const text = render();
    expect(text.split('\n').slice(0, 8)).toEqual([
      reviewMarker('prod'),
      '### Plan review: `prod`',
      '',
      '**2 to create · 6 to update · 2 to replace · 2 to delete · 1 to forget · 1 to read**',
      '',
      '<sub>Terraform 1.11.4</sub>',
      '',
      '> [!CAUTION]',
    ]);
    expect(text).toContain(
      '> **4 resources are deleted or replaced:** `ibm_iam_service_policy.widened` (replace), `ibm_cbr_rule.gone` (delete), `ibm_iam_service_api_key.app` (replace), `ibm_cloudant_database.old` (delete)',
    );
  });

  test('puts every security flag first, high before medium', () => {
    const text = render();
    const security = text.slice(text.indexOf('#### 🔐 Security'), text.indexOf('#### Replace'));
    expect(security.trim().split('\n').slice(2)).toEqual([
      '- 🔴 `ibm_iam_service_policy.admin` grants Manager (new policy)',
      '- 🔴 `ibm_iam_service_policy.widened` widens the policy from one database to the whole instance',
      '- 🔴 `ibm_cbr_rule.orders` turns network rule enforcement from enabled to disabled',
      '- 🔴 `ibm_cbr_rule.gone` removes a network rule: what it protected is reachable from any network',
      '- 🔴 `ibm_cbr_zone.office` 🔴 opens the zone too wide: 0.0.0.0/0 is every IPv4 address',
      '- 🔴 `ibm_cbr_zone.office` 🔴 opens the zone too wide: 8.0.0.0/7 holds 33,554,432 public addresses, more than a /16',
      '- 🔴 `ibm_iam_account_settings.account` lifts restrict_create_service_id: RESTRICTED → NOT_RESTRICTED',
      '- 🔴 `ibm_iam_account_settings.account` turns MFA off: TOTP4ALL → NONE',
      '- 🔴 `ibm_iam_account_settings.account` puts the IAM IP allowlist in monitor mode: other addresses are logged, not refused',
      '- 🔴 `ibm_cloudant.legacy` changes legacy_credentials: false → true',
      '- 🔴 `ibm_iam_service_api_key.app` changes store_value: false → true',
      '- 🟠 `ibm_iam_service_policy.reader` grants Writer',
      '- 🟠 `ibm_cbr_zone.office` admits more addresses: subnet 198.51.100.0/24',
      '- 🟠 `ibm_iam_account_settings.account` adds to the IAM IP allowlist: 192.0.2.10',
      '- 🟠 `ibm_iam_service_api_key.app` replaces the key: its consumers (replication documents, applications, secrets) must pick up the new one',
    ]);
  });

  test('says why each replacement happens, in which order, and what forces it', () => {
    const text = render();
    expect(text).toContain('- `ibm_iam_service_policy.widened` (create before destroy): because an argument that cannot be updated in place changed; forced by `resources[0].resource_type`');
    expect(text).toContain('- `ibm_iam_service_api_key.app` (destroy before create): because replace_triggered_by fired; forced by `store_value`');
  });

  test('shows only the changed attributes of an update, with values known after apply marked', () => {
    const text = render();
    expect(text).toContain('**`ibm_cbr_rule.orders`**\n\n| Attribute | Before | After |\n| --- | --- | --- |\n| `enforcement_mode` | `"enabled"` | `"disabled"` |');
    expect(changedAttributes({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 }, d: null }, { e: true })).toEqual([
      { path: 'b.c', before: 2, after: 3 },
      { path: 'e', before: undefined, after: '(known after apply)' },
    ]);
  });

  test('collapses creates and reads, lists deletes with their reason and forgets, leaves out no-ops', () => {
    const text = render();
    expect(text).toContain('#### Create (2)\n\n<details><summary>2 to create</summary>\n\n- `ibm_iam_service_policy.admin`: iam_id = `"iam-ServiceId-1234"`, roles[0] = `"Manager"`, resources[0].service = `"cloudantnosqldb"`, resources[0].resource_instance_id = `"0f1e2d3c-0000-4000-8000-0123456789ab"`\n');
    expect(text).toContain('#### Delete (2)\n\n- `ibm_cbr_rule.gone`: it is no longer in the configuration\n- `ibm_cloudant_database.old`: it is no longer in the configuration');
    expect(text).toContain('#### Forget (removed from state, left in IBM Cloud) (1)\n\n- `ibm_cloudant.retired`: Terraform stops managing it; it stays in IBM Cloud');
    expect(text).toContain('#### Read during apply (1)\n\n<details><summary>1 to read</summary>\n\n- `data.ibm_resource_group.group`: its configuration is known only after apply');
    expect(text).not.toContain('`ibm_cloudant.orders` (');
  });

  test('shows output changes masked, and drift in its own section', () => {
    const text = render();
    expect(text).toContain('#### Outputs (2)\n\n| Output | Change | Before | After |\n| --- | --- | --- | --- |\n| `key` | update | _(sensitive)_ | _(known after apply)_ |\n| `url` | create | — | `"https://orders.example.com"` |');
    expect(text).toContain('#### Drift: changed outside Terraform (1)\n\n**`ibm_cloudant.orders`** (changed outside Terraform)\n\n| Attribute | Before | After |\n| --- | --- | --- |\n| `capacity` | `1` | `3` |');
  });

  test('masks marked values, nested marks, secret attributes the marks miss, and repeats of a secret anywhere', () => {
    const model = reviewFromPlan(fullPlan(), 'prod');
    const byAddress = (address: string) => model.changes.find((each) => each.address === address)!;
    expect(byAddress('ibm_iam_service_api_key.app').before).toEqual({ name: 'app', store_value: false, apikey: '(sensitive)' });
    expect(byAddress('terraform_data.document').after).toEqual({ input: { host: 'orders.example.com', leaked: '(sensitive)' }, output: { leaked: '(sensitive)' } });
    expect(byAddress('ibm_resource_key.manager').after).toEqual({ name: 'manager', credentials: '(sensitive)', credentials_json: '(sensitive)' });
    expect(JSON.stringify(model)).not.toContain('CANARY');
  });

  test('a plan without changes says so', () => {
    expect(render({ format_version: '1.2', planned_values: {}, resource_changes: [change('ibm_cloudant.orders', ['no-op'], {})] })).toBe(
      `${reviewMarker('prod')}\n### Plan review: \`prod\`\n\n**No changes.** The infrastructure matches the configuration.\n\n#### 🔐 Security\n\nNo change weakens protection.\n`,
    );
  });

  test('stays under the comment limit, says that it was shortened, and keeps the security section', () => {
    const plan = fullPlan();
    for (let index = 0; index < 400; index += 1) {
      plan.resource_changes.push(change(`ibm_cloudant_database.db_${index}`, ['update'], { before: { db: `db-${index}`, shards: 8, description: 'x'.repeat(100) }, after: { db: `db-${index}`, shards: 16, description: 'y'.repeat(100), secret: CANARY }, after_sensitive: { secret: true } }));
    }
    const full = render(plan, 10_000_000);
    expect(full.length).toBeGreaterThan(65_536);
    const text = render(plan);
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text).toContain("> Shortened to fit GitHub's 65,536-character comment limit (Drift to addresses, Outputs to addresses, Read during apply to addresses, Forget (removed from state, left in IBM Cloud) to addresses, Create to addresses, Update to addresses).");
    expect(text).toContain('- 🔴 `ibm_iam_service_policy.admin` grants Manager (new policy)');
    const tiny = render(plan, 1_500);
    expect(tiny.length).toBeLessThanOrEqual(1_500);
    expect(tiny).toContain('security list cut');
  });

  test.each([
    ['a configuration', { resource: {} }, 'prod: got a Terraform configuration, not a plan; review configurations with npm run review -- synth, or write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json'],
    ['a state file', { version: 4, terraform_version: '1.11.4', serial: 3, lineage: 'x', resources: [] }, 'prod: got a Terraform state file (terraform.tfstate), not a plan; write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json'],
    ['the JSON of a state', { format_version: '1.0', terraform_version: '1.11.4', values: { root_module: {} } }, 'prod: got the JSON of a state (terraform show -json without a plan file), not a plan; write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json'],
    ['an empty object', {}, 'prod: got JSON with no format_version, which is not a plan; write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json'],
    ['a list', [], 'prod: got a JSON list, not the JSON of a plan; write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json'],
    ['an older format', { format_version: '0.1', planned_values: {}, resource_changes: [] }, 'prod: got plan format_version "0.1", and this review reads format 1.x (Terraform 1.0 and later), whose sensitive marks it relies on; write the plan again with Terraform 1.0 or later'],
    ['an unknown format', { format_version: '2.0', planned_values: {}, resource_changes: [] }, 'prod: got plan format_version "2.0", and this review reads format 1.x (Terraform 1.0 and later), whose sensitive marks it relies on; write the plan again with Terraform 1.0 or later'],
    ['a format that is a secret-sized string', { format_version: CANARY, planned_values: {} }, 'prod: got plan format_version (not a version), and this review reads format 1.x (Terraform 1.0 and later), whose sensitive marks it relies on; write the plan again with Terraform 1.0 or later'],
    ['a plan that errored', { format_version: '1.2', planned_values: {}, resource_changes: [], errored: true }, 'prod: got a plan that errored, whose changes are incomplete; fix the errors terraform plan printed and plan again'],
  ])('refuses %s, saying what it got', (_name, json, message) => {
    let thrown: unknown;
    try {
      reviewFromPlan(json, 'prod');
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toBe(message);
    expect((thrown as Error).message).not.toContain(CANARY);
  });

  test('an output the configuration declares sensitive is masked even where its own marks say nothing', () => {
    const plan = {
      ...fullPlan(),
      configuration: { root_module: { outputs: { token: { sensitive: true, expression: { references: ['var.token'] } } } } },
      output_changes: { token: { actions: ['create'], before: null, after: CANARY, after_unknown: false } },
    };
    expect(render(plan)).toContain('| `token` | create | — | _(sensitive)_ |');
  });

  test('a change to nothing but a secret says a sensitive value changes, never the value', () => {
    const plan = {
      ...fullPlan(),
      resource_changes: [
        change('ibm_iam_service_api_key.app', ['update'], { before: { name: 'app', apikey: CANARY }, after: { name: 'app', apikey: `${CANARY}-2` }, before_sensitive: { apikey: true }, after_sensitive: { apikey: true } }),
        change('terraform_data.secret', ['update'], { before: { input: 'old-secret-value' }, after: { input: 'new-secret-value' }, before_sensitive: true, after_sensitive: true }),
      ],
    };
    const text = render(plan);
    expect(text).toContain('**`ibm_iam_service_api_key.app`**\n\n| Attribute | Before | After |\n| --- | --- | --- |\n| `apikey` | _(sensitive)_ | _(sensitive): a sensitive value changes_ |');
    expect(text).toContain('**`terraform_data.secret`**\n\n| Attribute | Before | After |\n| --- | --- | --- |\n| _(the whole value)_ | _(sensitive)_ | _(sensitive): a sensitive value changes_ |');
    expect(text).not.toContain('_no attribute changes_');
    expect(text).not.toContain('secret-value');
  });

  test('drift that weakens protection is in the security section', () => {
    const plan = {
      ...fullPlan(),
      resource_changes: [],
      resource_drift: [
        change('ibm_cbr_rule.orders', ['update'], { before: rule('enabled'), after: rule('disabled') }),
        change('ibm_iam_service_policy.app', ['update'], { before: policy(['Reader'], DATABASE_SCOPE), after: policy(['Reader', 'Manager'], DATABASE_SCOPE) }),
        change('ibm_cbr_rule.gone', ['delete'], { before: rule('enabled') }),
      ],
    };
    const text = render(plan);
    const start = text.indexOf('#### 🔐 Security');
    const security = text.slice(start, text.indexOf('\n#### ', start + 1));
    expect(security.trim().split('\n').slice(2)).toEqual([
      '- 🔴 `ibm_cbr_rule.orders` changed outside Terraform: turns network rule enforcement from enabled to disabled',
      '- 🔴 `ibm_iam_service_policy.app` changed outside Terraform: grants Manager',
      '- 🔴 `ibm_cbr_rule.gone` changed outside Terraform: removes a network rule: what it protected is reachable from any network',
    ]);
  });

  test('thousands of deletions still fit, the banner counted by type', () => {
    const plan = { ...fullPlan(), resource_changes: [] as Change[], resource_drift: [] };
    for (let index = 0; index < 5000; index += 1) {
      plan.resource_changes.push(change(`ibm_iam_service_policy.policy_with_a_long_name_${index}`, ['delete'], { before: policy(['Reader'], DATABASE_SCOPE) }, { action_reason: 'delete_because_no_resource_config' }));
    }
    plan.resource_changes.push(change('ibm_cloudant_database.orders', ['delete'], { before: { db: 'orders' } }));
    const text = render(plan);
    expect(text.length).toBeLessThanOrEqual(65_536);
    const banner = text.split('\n').find((line) => line.startsWith('> **5001 resources are deleted or replaced:**'))!;
    expect(banner.length).toBeLessThanOrEqual(4_100);
    expect(banner).toContain('`ibm_iam_service_policy.policy_with_a_long_name_19` (delete), and 4981 more; by type: 5000 × ibm_iam_service_policy (delete), 1 × ibm_cloudant_database (delete)');
    expect(text).toContain('Shortened to fit GitHub');
  });
});

describe('the issue\'s plan', () => {
  test('a deletion, a replacement, a Manager grant, a disabled CBR rule and a zone widened to 0.0.0.0/0 make one comment that shows them all and no secret', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {},
      resource_changes: [
        change('ibm_cloudant_database.archive', ['delete'], { before: { db: 'archive' } }, { action_reason: 'delete_because_no_resource_config' }),
        change('ibm_iam_service_api_key.replicator', ['create', 'delete'], { before: { name: 'replicator', apikey: CANARY }, after: { name: 'replicator' }, before_sensitive: { apikey: true }, after_unknown: { apikey: true }, after_sensitive: { apikey: true } }, { action_reason: 'replace_by_triggers' }),
        change('ibm_iam_access_group_policy.operators', ['update'], { before: { access_group_id: 'AccessGroupId-1', roles: ['Writer'], resources: [{ service: 'cloudantnosqldb', ...INSTANCE_SCOPE }] }, after: { access_group_id: 'AccessGroupId-1', roles: ['Writer', 'Manager'], resources: [{ service: 'cloudantnosqldb', ...INSTANCE_SCOPE }] } }),
        change('ibm_cbr_rule.orders', ['update'], { before: rule('enabled'), after: rule('disabled') }),
        change('ibm_cbr_zone.office', ['update'], { before: zone(['203.0.113.0/24']), after: zone(['0.0.0.0/0']) }),
      ],
    };
    const text = render(plan);
    expect(text).toContain('> **2 resources are deleted or replaced:** `ibm_cloudant_database.archive` (delete), `ibm_iam_service_api_key.replicator` (replace)');
    expect(securityFlags(reviewFromPlan(plan, 'prod').changes[2]!)).toEqual([{ severity: 'high', address: 'ibm_iam_access_group_policy.operators', message: 'grants Manager' }]);
    for (const line of [
      '- 🔴 `ibm_iam_access_group_policy.operators` grants Manager',
      '- 🔴 `ibm_cbr_rule.orders` turns network rule enforcement from enabled to disabled',
      '- 🔴 `ibm_cbr_zone.office` 🔴 opens the zone too wide: 0.0.0.0/0 is every IPv4 address',
      '- 🟠 `ibm_iam_service_api_key.replicator` replaces the key: its consumers (replication documents, applications, secrets) must pick up the new one',
      '- `ibm_iam_service_api_key.replicator` (create before destroy): because replace_triggered_by fired',
      '- `ibm_cloudant_database.archive`: it is no longer in the configuration',
    ]) {
      expect(text).toContain(line);
    }
  });
});

describe('npm run review -- plan', () => {
  const reviewProcess = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'cli', 'main.ts'), 'review', ...args], { encoding: 'utf8' });
  // the same command in this process, without starting Node for each case
  const review = (args: string[], env: NodeJS.ProcessEnv = process.env) => runCommand(['review', ...args], { env });

  test('writes the comment of a plan file, named for the environment (run as a shell runs it)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'review-'));
    writeFileSync(path.join(folder, 'plan.json'), JSON.stringify(fullPlan()));
    const run = reviewProcess('plan', path.join(folder, 'plan.json'), '--env', 'prod', '--out', path.join(folder, 'prod.md'));
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
    const text = readFileSync(path.join(folder, 'prod.md'), 'utf8');
    expect(text).toBe(renderReview(reviewFromPlan(fullPlan(), 'prod')));
    expect(text).not.toContain('CANARY');
  });

  test('exits 2 with the reason when the plan cannot be read, and with the usage when the command is wrong', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'review-'));
    writeFileSync(path.join(folder, 'plan.json'), '{"resource": {}}');
    expect(await review(['plan', path.join(folder, 'plan.json'), '--env', 'prod'])).toMatchObject({
      status: 2,
      stderr: 'prod: got a Terraform configuration, not a plan; review configurations with npm run review -- synth, or write it with terraform plan -out plan.out, then terraform show -json plan.out > plan.json\n',
    });
    writeFileSync(path.join(folder, 'broken.json'), `{"format_version": "1.2", "variables": {"key": {"value": "${CANARY}"}} oops}`);
    expect(await review(['plan', path.join(folder, 'broken.json')])).toMatchObject({
      status: 2,
      stderr: `${path.join(folder, 'broken.json')}: is not valid JSON (line 1, column 93); write the plan with terraform show -json plan.out > plan.json\n`,
    });
    expect(await review(['plan', path.join(folder, 'missing.json')])).toMatchObject({ status: 2, stderr: expect.stringMatching(/missing\.json: cannot read the plan JSON: ENOENT/) });
    expect(await review(['apply'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: unknown command 'apply'\n/) });
    const { GITHUB_TOKEN: _token, ...withoutToken } = process.env;
    const comment = await review(['comment', '--env', 'prod', '--file', path.join(folder, 'plan.json')], withoutToken);
    expect([comment.status, comment.stderr]).toEqual([2, 'comment needs GITHUB_TOKEN, GITHUB_REPOSITORY and PR_NUMBER in the environment\n']);
  });
});

describe('Db2 users in the review', () => {
  const grants = (list: Record<string, string>[]) => JSON.stringify(list);
  const userStep = (role: string) => ({ triggers_replace: { db2_user_id: 'ordersapp', db2_role: role, user: '{"id":"ordersapp"}' } });
  const privilegesStep = (list: Record<string, string>[]) => ({ triggers_replace: { db2_user_id: 'ordersapp', db2_grants: grants(list) } });
  const SELECT_SCHEMA = { kind: 'schema', object: 'LEDGER', privilege: 'SELECT' };
  const UPDATE_TABLE = { kind: 'table', object: 'LEDGER.ENTRIES', privilege: 'UPDATE' };

  test('a new Db2 user, a user made bluadmin, and privileges added or widened are flagged', () => {
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: {} },
      resource_changes: [
        change('terraform_data.user', ['create'], { after: userStep('bluuser') }),
        change('terraform_data.owner', ['delete', 'create'], { before: userStep('bluuser'), after: userStep('bluadmin') }),
        change('terraform_data.table', ['create'], { after: privilegesStep([UPDATE_TABLE]) }),
        change('terraform_data.widened', ['delete', 'create'], { before: privilegesStep([UPDATE_TABLE]), after: privilegesStep([UPDATE_TABLE, SELECT_SCHEMA]) }),
        change('terraform_data.narrowed', ['delete', 'create'], { before: privilegesStep([UPDATE_TABLE, SELECT_SCHEMA]), after: privilegesStep([UPDATE_TABLE]) }),
      ],
    };
    expect(reviewFromPlan(plan, 'prod').changes.flatMap((each) => securityFlags(each))).toEqual([
      { severity: 'medium', address: 'terraform_data.user', message: 'creates Db2 user ordersapp (bluuser), mapped to a service ID' },
      { severity: 'high', address: 'terraform_data.owner', message: '🔴 makes Db2 user ordersapp bluadmin: it administers the whole database' },
      { severity: 'medium', address: 'terraform_data.table', message: 'grants Db2 user ordersapp: UPDATE on table LEDGER.ENTRIES' },
      { severity: 'high', address: 'terraform_data.widened', message: 'grants Db2 user ordersapp: SELECT on every table of schema LEDGER' },
    ]);
  });
});
