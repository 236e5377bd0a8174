// Every rule of the pack against hand-written Terraform JSON: a compliant configuration, a
// non-compliant one (exact finding at the exact address), and the same one suppressed.
import { readTerraformJson } from '../guardrails';
import { checkConfiguration, GuardrailReport } from '../guardrails/engine';
import { GUARDRAIL_RULE_IDS, GUARDRAIL_RULES } from '../guardrails/rules';
import { CBR_DATA_PLANE_API_TYPE } from '../constructs/network/cloudant-network-rule';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
type Configuration = { resource?: Resources; output?: Record<string, Record<string, unknown>>; '//'?: Record<string, unknown> };

interface RuleCase {
  readonly production?: boolean;
  readonly compliant: Configuration;
  readonly nonCompliant: Configuration;
  /** the element the finding is at */
  readonly address: string;
  /** the specifics after the rule's finding */
  readonly detail: string;
}

const NOW = new Date('2026-11-23T00:00:00Z');
const ACCOUNT = '0123456789abcdef0123456789abcdef';

const INSTANCE = {
  name: 'orders',
  plan: 'standard-gen2',
  location: 'us-east',
  legacy_credentials: false,
  enable_cors: false,
  include_data_events: true,
  lifecycle: { prevent_destroy: true },
};
const DATABASE = { instance_crn: '${ibm_cloudant.orders.crn}', db: 'orders', lifecycle: { prevent_destroy: true } };
const SERVICE_ID = { name: 'orders-app' };
const ACCESS_GROUP = { name: 'operators' };
const POLICY = {
  iam_id: '${ibm_iam_service_id.app.iam_id}',
  roles: ['Reader'],
  resources: { service: 'cloudantnosqldb', resource_instance_id: '${ibm_cloudant.orders.guid}' },
};
const ROTATION = { time_rotating: { rotation: { rotation_days: 30 } }, terraform_data: { trigger: { triggers_replace: ['${time_rotating.rotation.rotation_rfc3339}'] } } };
const KEY = {
  name: 'orders-app-key',
  iam_service_id: '${ibm_iam_service_id.app.iam_id}',
  store_value: false,
  locked: false,
  expires_at: '${formatdate("YYYY-MM-DD\'T\'hh:mm\'+0000\'", timeadd(time_rotating.rotation.rotation_rfc3339, "720h"))}',
  lifecycle: { create_before_destroy: true, replace_triggered_by: ['terraform_data.trigger'] },
};
const ZONE = { account_id: ACCOUNT, name: 'office', addresses: [{ type: 'subnet', value: '203.0.113.0/24' }, { type: 'subnet', value: '10.0.0.0/8' }] };
const attributes = (instance?: string) => [
  { name: 'accountId', value: ACCOUNT },
  { name: 'serviceName', value: 'cloudantnosqldb' },
  ...(instance ? [{ name: 'serviceInstance', operator: 'stringEquals', value: instance }] : []),
];
const RULE = {
  description: 'orders',
  enforcement_mode: 'enabled',
  resources: [{ attributes: attributes('${ibm_cloudant.orders.guid}') }],
  contexts: [{ attributes: [{ name: 'networkZoneId', value: '${ibm_cbr_zone.office.id}' }] }],
  operations: { api_types: [{ api_type_id: CBR_DATA_PLANE_API_TYPE }] },
};
const SETTINGS = {
  restrict_create_platform_apikey: 'RESTRICTED',
  restrict_create_service_id: 'RESTRICTED',
  mfa: 'TOTP4ALL',
  allowed_ip_addresses: '203.0.113.0/24',
};

const withInstance = (instance: Record<string, unknown>, more: Resources = {}): Configuration => ({ resource: { ibm_cloudant: { orders: instance }, ...more } });
const withPolicy = (policy: Record<string, unknown>): Configuration => ({
  resource: { ibm_cloudant: { orders: INSTANCE }, ibm_iam_service_id: { app: SERVICE_ID }, ibm_iam_service_policy: { app: policy } },
});
const withKey = (key: Record<string, unknown>): Configuration => ({ resource: { ibm_iam_service_id: { app: SERVICE_ID }, ibm_iam_service_api_key: { app: key }, ...ROTATION } });
// terraform_data holds the rotation trigger and, here, a document written with the key
const withKeyData = (key: Record<string, unknown>, data: Record<string, Record<string, unknown>>): Configuration => ({
  resource: { ...withKey(key).resource, terraform_data: { ...ROTATION.terraform_data, ...data } },
});
const withRule = (rule: Record<string, unknown>, more: Resources = {}): Configuration => ({
  resource: { ibm_cloudant: { orders: INSTANCE }, ibm_cbr_zone: { office: ZONE }, ibm_cbr_rule: { orders: rule }, ...more },
});
const withSettings = (settings: Record<string, unknown>): Configuration => ({ resource: { ibm_iam_account_settings: { account: settings } } });
const DB2 = { name: 'ledger', service: 'dashdb-for-transactions', plan: 'performance', location: 'us-south', service_endpoints: 'public-and-private', lifecycle: { prevent_destroy: true } };
const withDb2 = (db2: Record<string, unknown>, more: Resources = {}): Configuration => ({ resource: { ibm_db2: { ledger: db2 }, ibm_iam_service_id: { app: SERVICE_ID }, ...more } });
const db2UserStep = (role: string) => ({
  user: {
    triggers_replace: { db2_user_id: 'ordersapp', db2_role: role },
    provisioner: [
      {
        'local-exec': {
          command: 'put-user',
          interpreter: ['node', 'assets/scripts/0123/db2-users.cjs'],
          environment: { DB2_USER: `\${jsonencode({"id" = "ordersapp", "ibmid" = trimprefix(ibm_iam_service_id.app.iam_id, "iam-"), "role" = "${role}", "name" = "orders-app"})}` },
        },
      },
    ],
  },
});
const IAM_USER = { id: 'ordersapp', iam: true, ibmid: 'ServiceId-11111111-1111-4111-8111-111111111111', role: 'bluuser', locked: 'no' };
const without = (value: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));

const CASES: Record<string, RuleCase> = {
  'IBM-CLD-1': {
    compliant: withInstance(INSTANCE),
    nonCompliant: withInstance({ ...INSTANCE, legacy_credentials: true }),
    address: 'ibm_cloudant.orders',
    detail: 'legacy_credentials = true',
  },
  'IBM-CLD-2': {
    compliant: withInstance({ ...INSTANCE, enable_cors: true, cors_config: { origins: ['https://app.example.com'] } }),
    nonCompliant: withInstance({ ...INSTANCE, enable_cors: true, cors_config: { origins: ['http://app.example.com', '*'] } }),
    address: 'ibm_cloudant.orders',
    detail: 'enable_cors = true with origins that are not https sites: "http://app.example.com", "*"',
  },
  'IBM-CLD-3': {
    production: true,
    compliant: withInstance(INSTANCE, { ibm_cloudant_database: { orders: DATABASE } }),
    nonCompliant: withInstance(INSTANCE, { ibm_cloudant_database: { orders: without(DATABASE, 'lifecycle') } }),
    address: 'ibm_cloudant_database.orders',
    detail: 'no lifecycle.prevent_destroy = true',
  },
  'IBM-CLD-4': {
    production: true,
    compliant: withInstance(INSTANCE),
    nonCompliant: withInstance(without(INSTANCE, 'include_data_events')),
    address: 'ibm_cloudant.orders',
    detail: 'include_data_events is not set (the provider default is false)',
  },
  'IBM-DB2-1': {
    compliant: withDb2(DB2),
    nonCompliant: withDb2({ ...DB2, users_config: [IAM_USER] }),
    address: 'ibm_db2.ledger',
    detail: 'users_config lists 1 user',
  },
  'IBM-DB2-2': {
    compliant: withDb2(DB2),
    nonCompliant: withDb2({ ...DB2, users_config: [{ ...IAM_USER, iam: false, ibmid: '', password: 'Passw0rd-in-state' }] }),
    address: 'ibm_db2.ledger',
    detail: 'users_config user ordersapp sets a password',
  },
  'IBM-DB2-3': {
    compliant: withDb2(DB2),
    nonCompliant: withDb2({ ...DB2, allowlist_config: [{ ip_addresses: [{ address: '203.0.113.7', description: 'office' }] }] }),
    address: 'ibm_db2.ledger',
    detail: 'allowlist_config lists 1 address',
  },
  'IBM-DB2-4': {
    production: true,
    compliant: withDb2(DB2, { terraform_data: db2UserStep('bluuser') }),
    nonCompliant: withDb2(DB2, { terraform_data: db2UserStep('bluadmin') }),
    address: 'terraform_data.user',
    detail: 'Db2 user ordersapp is created as bluadmin',
  },
  'IBM-DB2-5': {
    production: true,
    compliant: withDb2(DB2),
    nonCompliant: withDb2({ ...DB2, service_endpoints: 'public' }),
    address: 'ibm_db2.ledger',
    detail: 'service_endpoints = "public"',
  },
  'IBM-IAM-1': {
    compliant: withPolicy(POLICY),
    nonCompliant: withPolicy({ ...POLICY, resources: { service: 'cloudantnosqldb' } }),
    address: 'ibm_iam_service_policy.app',
    detail: 'every instance of "cloudantnosqldb": resources has no resource_instance_id',
  },
  'IBM-IAM-2': {
    compliant: withPolicy({ ...POLICY, roles: ['Reader', 'Writer'] }),
    nonCompliant: withPolicy({ ...POLICY, roles: ['Reader', 'Administrator'] }),
    address: 'ibm_iam_service_policy.app',
    detail: 'roles include Administrator',
  },
  'IBM-IAM-3': {
    compliant: {
      resource: {
        ibm_cloudant: { orders: INSTANCE },
        ibm_iam_access_group: { operators: ACCESS_GROUP },
        ibm_iam_access_group_policy: { operators: { ...without(POLICY, 'iam_id'), access_group_id: '${ibm_iam_access_group.operators.id}', roles: ['Manager'] } },
      },
      '//': { guardrails: { administrators: [{ address: 'ibm_iam_access_group.operators' }] } },
    },
    nonCompliant: withPolicy({ ...POLICY, roles: ['Manager'] }),
    address: 'ibm_iam_service_policy.app',
    detail: 'Manager for ibm_iam_service_id.app, which is not marked as an administrator',
  },
  'IBM-IAM-4': {
    compliant: withPolicy(POLICY),
    nonCompliant: withPolicy({ ...without(POLICY, 'iam_id'), iam_service_id: '${ibm_iam_service_id.app.id}' }),
    address: 'ibm_iam_service_policy.app',
    detail: 'iam_service_id is set; use iam_id = <service ID>.iam_id',
  },
  'IBM-KEY-1': {
    compliant: withKey(KEY),
    nonCompliant: withKey(without(KEY, 'store_value')),
    address: 'ibm_iam_service_api_key.app',
    detail: 'store_value is not set (the provider default is true)',
  },
  'IBM-KEY-2': {
    compliant: withKey(KEY),
    nonCompliant: withKey(without(KEY, 'expires_at')),
    address: 'ibm_iam_service_api_key.app',
    detail: 'no expires_at',
  },
  'IBM-KEY-3': {
    compliant: withKey({ ...KEY, expires_at: '2027-11-01T00:00+0000' }),
    nonCompliant: withKey({ ...KEY, expires_at: '2028-01-01T00:00+0000' }),
    address: 'ibm_iam_service_api_key.app',
    detail: 'expires_at is 404 days from now',
  },
  'IBM-KEY-4': {
    compliant: withKey(KEY),
    nonCompliant: withKey(without(KEY, 'lifecycle')),
    address: 'ibm_iam_service_api_key.app',
    detail: 'neither lifecycle.replace_triggered_by nor apikey leads to a time_rotating',
  },
  'IBM-KEY-5': {
    compliant: withKey(KEY),
    nonCompliant: withKey({ ...KEY, locked: true }),
    address: 'ibm_iam_service_api_key.app',
    detail: 'locked = true and replaced on a schedule',
  },
  'IBM-NET-1': {
    compliant: { resource: { ibm_cbr_zone: { office: ZONE } } },
    nonCompliant: { resource: { ibm_cbr_zone: { office: { ...ZONE, addresses: [...ZONE.addresses, { type: 'subnet', value: '0.0.0.0/0' }] } } } },
    address: 'ibm_cbr_zone.office',
    detail: '0.0.0.0/0 is every IPv4 address',
  },
  'IBM-NET-2': {
    compliant: withRule(RULE),
    nonCompliant: withRule({ ...RULE, enforcement_mode: 'report' }),
    address: 'ibm_cbr_rule.orders',
    detail: 'enforcement_mode = "report"',
  },
  'IBM-NET-3': {
    compliant: withRule(RULE),
    nonCompliant: withRule({ ...RULE, resources: [{ attributes: attributes() }] }),
    address: 'ibm_cbr_rule.orders',
    detail: 'no serviceInstance attribute',
  },
  'IBM-NET-4': {
    compliant: withRule(RULE),
    nonCompliant: withRule({ ...RULE, resources: [{ attributes: attributes('${ibm_cloudant.legacy.guid}') }] }, { ibm_cloudant: { orders: INSTANCE, legacy: { ...INSTANCE, plan: 'standard' } } }),
    address: 'ibm_cbr_rule.orders',
    detail: 'ibm_cloudant.legacy is Gen 1 (plan "standard")',
  },
  'IBM-NET-5': {
    compliant: withRule(RULE),
    nonCompliant: withRule({ ...RULE, operations: { api_types: [{ api_type_id: 'crn:v1:bluemix:public:context-based-restrictions::::api-type:control-plane' }] } }),
    address: 'ibm_cbr_rule.orders',
    detail: 'API types "crn:v1:bluemix:public:context-based-restrictions::::api-type:control-plane"',
  },
  'IBM-NET-6': {
    compliant: withRule(RULE),
    nonCompliant: withRule(RULE, {
      ibm_cbr_zone: { office: ZONE },
      ibm_cbr_zone_addresses: { office_services: { zone_id: '${ibm_cbr_zone.office.id}', addresses: [{ type: 'serviceRef', ref: { account_id: ACCOUNT, service_name: 'kms' } }] } },
    }),
    address: 'ibm_cbr_rule.orders',
    detail: 'ibm_cbr_zone.office holds a serviceRef address',
  },
  'IBM-NET-7': {
    production: true,
    compliant: withRule(RULE),
    nonCompliant: withRule({ ...RULE, enforcement_mode: 'disabled' }),
    address: 'ibm_cloudant.orders',
    detail: 'no ibm_cbr_rule with enforcement_mode "enabled" names it (or covers every instance)',
  },
  'IBM-ACC-1': {
    compliant: withSettings(SETTINGS),
    nonCompliant: withSettings({ ...SETTINGS, restrict_create_platform_apikey: 'NOT_RESTRICTED' }),
    address: 'ibm_iam_account_settings.account',
    detail: 'restrict_create_platform_apikey = "NOT_RESTRICTED"',
  },
  'IBM-ACC-2': {
    compliant: withSettings(SETTINGS),
    nonCompliant: withSettings({ ...SETTINGS, mfa: 'NONE' }),
    address: 'ibm_iam_account_settings.account',
    detail: 'mfa = "NONE"',
  },
  'IBM-ACC-3': {
    compliant: withSettings(SETTINGS),
    nonCompliant: withSettings(without(SETTINGS, 'restrict_create_service_id')),
    address: 'ibm_iam_account_settings.account',
    detail: 'restrict_create_service_id is not set',
  },
  'IBM-ACC-4': {
    compliant: withSettings({ ...SETTINGS, allowed_ip_addresses: '' }),
    nonCompliant: withSettings(without(SETTINGS, 'allowed_ip_addresses')),
    address: 'ibm_iam_account_settings.account',
    detail: 'allowed_ip_addresses is not set',
  },
  'IBM-SEC-1': {
    compliant: withKeyData(KEY, { document: { input: { key_id: '${ibm_iam_service_api_key.app.id}' }, provisioner: [{ 'local-exec': { command: 'put', environment: { KEY: '${ibm_iam_service_api_key.app.apikey}' } } }] } }),
    nonCompliant: withKeyData(KEY, { document: { input: { key: '${ibm_iam_service_api_key.app.apikey}' } } }),
    address: 'terraform_data.document',
    detail: 'reads ibm_iam_service_api_key.app.apikey',
  },
  'IBM-SEC-2': {
    compliant: { ...withKey(KEY), output: { key: { value: '${ibm_iam_service_api_key.app.apikey}', sensitive: true } } },
    nonCompliant: { ...withKey(KEY), output: { key: { value: '${nonsensitive(ibm_iam_service_api_key.app.apikey)}' } } },
    address: 'output.key',
    detail: 'reads ibm_iam_service_api_key.app.apikey',
  },
  'IBM-TF-1': {
    compliant: withPolicy(POLICY),
    nonCompliant: withPolicy({ ...POLICY, iam_id: '${ibm_iam_service_id.gone.iam_id}' }),
    address: 'ibm_iam_service_policy.app',
    detail: 'ibm_iam_service_id.gone',
  },
  'IBM-TF-2': {
    compliant: withKey(KEY),
    nonCompliant: withKey({ ...KEY, lifecycle: { replace_triggered_by: ['terraform_data.gone', 'terraform_data.trigger'] } }),
    address: 'ibm_iam_service_api_key.app',
    detail: 'terraform_data.gone',
  },
};

function reportOf(configuration: Configuration, production = false): GuardrailReport {
  return checkConfiguration(readTerraformJson(configuration, 'fixture'), { production, now: NOW });
}

describe('the rule pack', () => {
  test('every rule has a case, and IDs are unique', () => {
    expect(Object.keys(CASES).sort()).toEqual([...GUARDRAIL_RULE_IDS].sort());
    expect(new Set(GUARDRAIL_RULE_IDS).size).toBe(GUARDRAIL_RULE_IDS.length);
  });

  describe.each(GUARDRAIL_RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    const example = CASES[id]!;
    const level = example.production ? (rule.productionLevel ?? rule.level) : rule.level;

    test('compliant: no finding', () => {
      const report = reportOf(example.compliant, example.production);
      expect(report.findings.filter((finding) => finding.rule === id)).toEqual([]);
      expect(report.notJudged.filter((each) => each.rule === id)).toEqual([]);
    });

    test('non-compliant: one finding at the address, with the specifics and the fix', () => {
      const report = reportOf(example.nonCompliant, example.production);
      expect(report.findings.filter((finding) => finding.rule === id)).toEqual([
        { rule: id, level, configuration: 'fixture', address: example.address, constructPath: undefined, finding: `${rule.finding}: ${example.detail}`, fix: rule.fix },
      ]);
    });

    test('suppressed: no finding, the suppression and its reason in the report', () => {
      const reason = 'a reviewed exception for this fixture';
      const suppressed = { ...example.nonCompliant, '//': { guardrails: { suppressions: [{ rule: id, reason, address: example.address }] } } };
      const report = reportOf(suppressed, example.production);
      expect(report.findings.filter((finding) => finding.rule === id)).toEqual([]);
      expect(report.suppressed.filter((finding) => finding.rule === id).map((finding) => [finding.address, finding.reason])).toEqual([[example.address, reason]]);
      expect(report.unusedSuppressions).toEqual([]);
    });
  });
});
