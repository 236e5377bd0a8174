// The network and accountSecurity sections of environment files: what they build, and every
// mistake pointed at its line.
import { App, Testing } from '../constructs/core/cdktf';
import { buildEnvironments, EnvironmentError } from '../environment';
import { directoryWith, stackFrom, stackProblemsOf } from './support/environment';
import { annotations, onlyResource, resourcesOf, synthJson } from './support/synth';

const ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
const BASE = `account: { id: ${ACCOUNT_ID}, region: us-east, endpoints: public-and-private }
cloudant:
  orders: { plan: standard-gen2 }
  legacy: { plan: standard }
`;
const VPC = `crn:v1:bluemix:public:is:us-east:a/${ACCOUNT_ID}::vpc:r014-6f8e2d1c-0b0a-4998-8776-655443322110`;

describe('network and accountSecurity in environment files', () => {
  test('zones, a rule, an allowlist and the account settings, with outputs', () => {
    const stack = stackFrom(`${BASE}network:
  zones:
    app-vpc:
      addresses: ["${VPC}"]
    ci:
      description: CI runners
      addresses: [203.0.113.16/29, "198.51.100.1 - 198.51.100.9"]
      excluded: [203.0.113.17]
    partner:
      zoneId: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
      name: partner-net
      addresses: [192.0.2.1, { serviceName: kms, location: us-east }]
  cloudantRules:
    orders:
      allow:
        - { zones: [app-vpc], endpointTypes: [private] }
  ipAllowlist:
    zones: [partner]
    deployerZones: [ci]
accountSecurity:
  mfa: LEVEL1
  sessionInvalidationSeconds: 1800
`);
    const json = synthJson(stack);
    const zones = resourcesOf(json, 'ibm_cbr_zone');
    const zoneNamed = (name: string) => Object.entries(zones).find(([, zone]) => zone.name === name)!;
    expect(zoneNamed('app-vpc-dev')[1].addresses).toEqual([{ type: 'vpc', value: VPC }]);
    expect(zoneNamed('ci-dev')[1]).toMatchObject({
      account_id: ACCOUNT_ID,
      description: 'CI runners',
      addresses: [
        { type: 'subnet', value: '203.0.113.16/29' },
        { type: 'ipRange', value: '198.51.100.1-198.51.100.9' },
      ],
      excluded: [{ type: 'ipAddress', value: '203.0.113.17' }],
    });
    expect(onlyResource(json, 'ibm_cbr_zone_addresses')).toEqual({
      zone_id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      addresses: [
        { type: 'ipAddress', value: '192.0.2.1' },
        { type: 'serviceRef', ref: { account_id: ACCOUNT_ID, service_name: 'kms', location: 'us-east' } },
      ],
    });
    const rule = onlyResource(json, 'ibm_cbr_rule');
    expect(rule.enforcement_mode).toBe('enabled');
    expect((rule.resources as { attributes: unknown[] }[])[0]!.attributes).toContainEqual({ name: 'accountId', operator: 'stringEquals', value: ACCOUNT_ID });
    expect(rule.contexts).toEqual([{ attributes: [{ name: 'networkZoneId', value: `\${ibm_cbr_zone.${zoneNamed('app-vpc-dev')[0]}.id}` }, { name: 'endpointType', value: 'private' }] }]);
    const settings = onlyResource(json, 'ibm_iam_account_settings');
    expect(settings).toMatchObject({ mfa: 'LEVEL1', session_invalidation_in_seconds: '1800', restrict_create_service_id: 'RESTRICTED', restrict_create_platform_apikey: 'RESTRICTED' });
    expect(settings.allowed_ip_addresses).toBe(`\${ibm_cbr_zone.${zoneNamed('ci-dev')[0]}.name}, partner-net, \${ibm_cbr_zone.${zoneNamed('cloudant-service')[0]}.name}`);
    expect(json.output?.iam_ip_allowlist).toEqual({
      value: `\${ibm_iam_account_settings.${Object.keys(resourcesOf(json, 'ibm_iam_account_settings'))[0]}.allowed_ip_addresses}`,
      description: 'The IAM IP allowlist (a leading ? means monitor mode). IAM checks it when it issues a token, so tokens issued before a change stay valid for up to 60 minutes.',
    });
    expect(json.output?.['network_zone_ci_id']?.value).toBe(`\${ibm_cbr_zone.${zoneNamed('ci-dev')[0]}.id}`);
    expect(stack.zones.get('partner')?.zoneId).toBe('0a1b2c3d4e5f60718293a4b5c6d7e8f9');
  });

  test('ipAllowlist: none clears the list; a disabled rule stays disabled', () => {
    const json = synthJson(
      stackFrom(`${BASE}network:
  zones: { office: { addresses: [203.0.113.0/24] } }
  cloudantRules:
    orders: { enforcement: disabled, allow: [{ zones: [office] }] }
  ipAllowlist: none
accountSecurity: {}
`),
    );
    expect(onlyResource(json, 'ibm_iam_account_settings').allowed_ip_addresses).toBe('');
    expect(onlyResource(json, 'ibm_cbr_rule').enforcement_mode).toBe('disabled');
    expect(Object.keys(resourcesOf(json, 'ibm_cbr_zone'))).toHaveLength(1);
  });

  test('keyHolders say where service IDs with keys get tokens; one left out is a warning', () => {
    const file = (holders: string) => `${BASE}identities:
  app: { kind: serviceId, keys: { k: {} } }
  jobs: { kind: serviceId, keys: { k: {} } }
network:
  zones: { vpc: { addresses: [198.51.100.0/28] } }
  ipAllowlist: { deployerAddresses: [203.0.113.1]${holders} }
accountSecurity: {}
`;
    const listed = stackFrom(file(', keyHolders: { app: { zones: [vpc] }, jobs: { reason: runs on the CI runners listed above } }'));
    expect(listed.validationProblems()).toEqual([]);
    const json = synthJson(listed);
    expect(onlyResource(json, 'ibm_iam_account_settings').allowed_ip_addresses).toMatch(/^203\.0\.113\.1, \$\{ibm_cbr_zone\.zone-vpc_\w+\.name\}, \$\{ibm_cbr_zone\.iam-ip-allowlist_cloudant-service_\w+\.name\}$/);
    expect(annotations(listed, '@cdktf/warn')).toEqual([]);
    const missing = stackFrom(file(''));
    missing.validationProblems();
    expect(annotations(missing, '@cdktf/warn').map((warning) => warning.split(': in restrict mode')[0])).toEqual([
      'dev/iam-ip-allowlist: service ID dev/identity-app has API keys (key-k), and nothing in the IAM IP allowlist says where it obtains tokens',
      'dev/iam-ip-allowlist: service ID dev/identity-jobs has API keys (key-k), and nothing in the IAM IP allowlist says where it obtains tokens',
    ]);
  });

  describe('mistakes, at their lines', () => {
    test('rules on an unknown instance, on a Gen 1 instance, in report mode, through an unknown zone', () => {
      expect(
        stackProblemsOf(`${BASE}network:
  zones: { office: { addresses: [203.0.113.0/24] } }
  cloudantRules:
    missing: { allow: [{ zones: [office] }] }
    legacy: { allow: [{ zones: [office] }] }
    orders:
      enforcement: report
      allow: [{ zones: [ofice] }]
`),
      ).toEqual([
        'environments/dev.yaml:11:20: network.cloudantRules.orders.enforcement: "report" is not available for Cloudant: IBM offers no report-only mode for Cloudant rules; use disabled to stage the rule without enforcing it, then enabled',
        'environments/dev.yaml:8:14: network.cloudantRules.missing: "missing" is not a Cloudant instance of this file; rules are keyed by instance: use one of orders, legacy',
        'environments/dev.yaml:9:13: network.cloudantRules.legacy: cloudant.legacy is plan standard (Cloudant Gen 1), and context-based restrictions protect only Gen 2 instances (plan standard-gen2); for Gen 1, limit where IAM tokens can be obtained with the IAM IP allowlist (IamIpAllowlist, or network.ipAllowlist in an environment file), or move the data to a standard-gen2 instance',
        'environments/dev.yaml:12:25: network.cloudantRules.orders.allow.0.zones.0: "ofice" is not a zone of this file; use one of office',
      ]);
    });

    test('bad addresses, an exclusion outside the zone, and what a zone made elsewhere cannot take', () => {
      // the zone checks each address once, when the stack is built: every problem of it at once
      expect(
        stackProblemsOf(`${BASE}network:
  zones:
    office:
      addresses: [10.0.0.5/24, "${VPC}", 203.0.113.0/25]
      excluded: [203.0.113.200]
`),
      ).toEqual([
        'environments/dev.yaml:8:19: network.zones.office.addresses.0: "10.0.0.5/24" has host bits set; the subnet that holds it is 10.0.0.0/24',
        'environments/dev.yaml:9:18: network.zones.office.excluded.0: "203.0.113.200" is not inside the zone\'s addresses, so excluding it changes nothing; exclude only part of an included address, range or subnet',
      ]);
      expect(
        stackProblemsOf(`${BASE}network:
  zones:
    shared:
      zoneId: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
      description: not ours
      excluded: [192.0.2.1]
`),
      ).toEqual([
        'environments/dev.yaml:9:20: network.zones.shared.description: a zone made elsewhere keeps its own description; remove description',
        'environments/dev.yaml:10:17: network.zones.shared.excluded: exclusions cannot be appended to a zone made elsewhere; remove excluded',
      ]);
    });

    test('a rule through a zone with a service reference, found when the stack is built', () => {
      expect(
        stackProblemsOf(`${BASE}network:
  zones:
    kms: { addresses: [{ serviceName: kms }] }
  cloudantRules:
    orders: { allow: [{ zones: [kms] }] }
`),
      ).toEqual([
        'environments/dev.yaml:9:33: network.cloudantRules.orders.allow.0.zones.0: zone dev/zone-kms holds a service reference (serviceRef kms), and IBM refuses rules that protect Cloudant through a zone with service references; use a zone of addresses, ranges, subnets and VPCs only',
      ]);
    });

    test('an allowlist without deployers, with a private address, and without accountSecurity', () => {
      expect(
        stackProblemsOf(`${BASE}network:
  ipAllowlist:
    addresses: [192.168.1.0/24]
`),
      ).toEqual([
        'environments/dev.yaml:7:5: network.ipAllowlist: is an account setting, written with the others: add an accountSecurity section (use {} for the secure defaults)',
      ]);
      expect(
        stackProblemsOf(`${BASE}network:
  ipAllowlist:
    addresses: [192.168.1.0/24]
accountSecurity: {}
`),
      ).toEqual([
        'environments/dev.yaml:7:17: network.ipAllowlist.addresses.0: "192.168.1.0/24" reaches into 192.168.0.0/16 (private (RFC 1918)); the IAM allowlist takes public addresses only, as seen by IBM Cloud: list the public egress address',
        'environments/dev.yaml:7:5: network.ipAllowlist.deployerAddresses: is missing: list the egress addresses (or zones) of whoever runs Terraform, because an allowlist that leaves them out locks Terraform out of the account and only IBM support can lift it; or say why in deployersNotListedReason',
      ]);
      expect(
        stackProblemsOf(`${BASE}network:
  ipAllowlist:
    addresses: [203.0.113.0/24]
accountSecurity: {}
`),
      ).toEqual([
        'environments/dev.yaml:7:5: network.ipAllowlist.deployerAddresses: is missing: list the egress addresses (or zones) of whoever runs Terraform, because an allowlist that leaves them out locks Terraform out of the account and only IBM support can lift it; or say why in deployersNotListedReason',
      ]);
    });

    test('accountSecurity without an explicit allowlist, and settings out of range', () => {
      expect(
        stackProblemsOf(`${BASE}accountSecurity:
  accessTokenExpirationSeconds: 7200
  maxSessionsPerIdentity: 0
`),
      ).toEqual([
        'environments/dev.yaml:7:27: accountSecurity.maxSessionsPerIdentity: 0 is outside IBM\'s range; use a whole number of at least 1 (sessions) or NOT_SET',
        'environments/dev.yaml:6:33: accountSecurity.accessTokenExpirationSeconds: 7200 is outside IBM\'s range; use a whole number from 900 to 3600 (seconds) or NOT_SET',
        'environments/dev.yaml:6:3: accountSecurity: needs network.ipAllowlist: the allowlist is one of the account settings, and leaving it out would clear it; list the allowed addresses, or write ipAllowlist: none',
      ]);
      expect(stackProblemsOf(`${BASE}accountSecurity: { mfa: TOTP }\n`)).toEqual([
        'environments/dev.yaml:5:18: accountSecurity: needs network.ipAllowlist: the allowlist is one of the account settings, and leaving it out would clear it; list the allowed addresses, or write ipAllowlist: none',
      ]);
      expect(stackProblemsOf(`${BASE}network: { ipAllowlist: none }\naccountSecurity: { mfa: totp }\n`)).toEqual([
        'environments/dev.yaml:6:25: accountSecurity.mfa: "totp" is not allowed; use one of NONE, NONE_NO_ROPC, TOTP, TOTP4ALL, LEVEL1, LEVEL2, LEVEL3',
      ]);
    });

    test('empty lists in a rule, each with its reason', () => {
      expect(stackProblemsOf(`${BASE}network:\n  cloudantRules:\n    orders: { allow: [] }\n`)).toEqual([
        'environments/dev.yaml:7:22: network.cloudantRules.orders.allow: a rule with no context blocks every request; allow at least one zone',
      ]);
      expect(
        stackProblemsOf(`${BASE}network:
  zones: { office: { addresses: [203.0.113.0/24] } }
  cloudantRules:
    orders:
      allow: [{ zones: [], endpointTypes: [] }]
`),
      ).toEqual([
        'environments/dev.yaml:9:24: network.cloudantRules.orders.allow.0.zones: name at least one zone',
        'environments/dev.yaml:9:43: network.cloudantRules.orders.allow.0.endpointTypes: is empty; leave it out to allow every endpoint type',
      ]);
    });

    test('an enabled rule whose zones hold only IPv6 addresses, at the rule\'s line', () => {
      const stack = stackFrom(`${BASE}network:
  zones: { v6: { addresses: ["2001:db8::/32"] } }
  cloudantRules:
    orders: { allow: [{ zones: [v6] }] }
`);
      expect(new EnvironmentError(stack.validationProblems()).message.split('\n')).toEqual([
        'environments/dev.yaml:8:13: network.cloudantRules.orders: every zone the rule allows holds only IPv6 addresses (dev/zone-v6: 2001:db8::/32), which Cloudant ignores, so the enabled rule would block every data-plane request; add the IPv4 addresses, subnets or VPCs that need access, or set enforcement to disabled',
      ]);
    });

    test('a zone of private addresses named in the allowlist, and key holders that are not service IDs of the file', () => {
      expect(
        stackProblemsOf(`${BASE}network:
  zones: { vpc: { addresses: [10.10.0.0/16] } }
  ipAllowlist: { deployerAddresses: [203.0.113.1], zones: [vpc] }
accountSecurity: {}
`),
      ).toEqual([
        'environments/dev.yaml:7:60: network.ipAllowlist.zones.0: zone dev/zone-vpc holds 10.10.0.0/16, which reaches into 10.0.0.0/8 (private (RFC 1918)); the IAM allowlist takes public addresses only, as IBM Cloud sees them, and refuses such a zone: list a zone of public egress addresses (or VPCs) instead',
      ]);
      expect(
        stackProblemsOf(`${BASE}network:
  ipAllowlist: { deployerAddresses: [203.0.113.1], keyHolders: { app: { reason: runs on the runners } } }
accountSecurity: {}
`),
      ).toEqual(['environments/dev.yaml:6:71: network.ipAllowlist.keyHolders.app: "app" is not a service ID of this file; use one of (none: add it under identities)']);
    });

    test('two environments managing the same account\'s settings', () => {
      const file = `${BASE}network: { ipAllowlist: none }\naccountSecurity: {}\n`;
      const app: App = Testing.app();
      let error: unknown;
      try {
        buildEnvironments(app, directoryWith({ 'prod.yaml': file, 'staging.yaml': file }));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(EnvironmentError);
      expect((error as Error).message.replace(/^.*staging\.yaml/, 'staging.yaml')).toBe(
        `staging.yaml:6:18: accountSecurity: the settings of account ${ACCOUNT_ID} are already managed by prod/account-security; an account has one settings object, and two stacks managing it would undo each other's changes: manage them in one stack only`,
      );
    });
  });
});
