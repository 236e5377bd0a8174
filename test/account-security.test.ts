import { AccountSecurity, AccountSecurityProps } from '../constructs/account/account-security';
import { TerraformStack } from '../constructs/core/cdktf';
import { IbmProvider } from '../constructs/core/ibm-bindings';
import { IamIpAllowlist, IamIpAllowlistProps } from '../constructs/network/ip-allowlist';
import { NetworkZone } from '../constructs/network/network-zone';
import { ZoneAddress } from '../constructs/network/zone-address';
import { ServiceIdentity } from '../constructs/iam/service-identity';
import { errorOf } from './support/errors';
import { annotations, onlyResource, resourcesOf, synthJson, testStack } from './support/synth';

const ACCOUNT = '0123456789abcdef0123456789abcdef';

const zoneRef = (json: ReturnType<typeof synthJson>, prefix: string) => `\${ibm_cbr_zone.${Object.keys(resourcesOf(json, 'ibm_cbr_zone')).find((name) => name.startsWith(prefix))}.name}`;

describe('IamIpAllowlist', () => {
  const allowlist = (props: Partial<IamIpAllowlistProps>, stack = testStack().stack) => new IamIpAllowlist(stack, 'allowlist', { accountId: ACCOUNT, ...props });

  test('lists deployers first, then addresses in IBM\'s form, zones by name, and a zone for the Cloudant service', () => {
    const { stack } = testStack();
    const office = new NetworkZone(stack, 'office', { accountId: ACCOUNT, name: 'office-vpn', addresses: [ZoneAddress.subnet('198.51.100.0/28')] });
    const shared = NetworkZone.fromZoneId(stack, 'shared', { zoneId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', name: 'partner-net' });
    const list = allowlist({ deployerAddresses: ['203.0.113.16/29'], addresses: ['192.0.2.10-192.0.2.20', '2001:DB8::1'], zones: [office, shared] }, stack);
    new AccountSecurity(stack, 'settings', { accountId: ACCOUNT, ipAllowlist: list }).addIpAllowlistOutput('allowed_ips');
    const json = synthJson(stack);
    expect(list.mode).toBe('restrict');
    expect(json.output?.allowed_ips).toEqual({
      value: `\${ibm_iam_account_settings.${Object.keys(resourcesOf(json, 'ibm_iam_account_settings'))[0]}.allowed_ip_addresses}`,
      description: 'The IAM IP allowlist (a leading ? means monitor mode). IAM checks it when it issues a token, so tokens issued before a change stay valid for up to 60 minutes.',
    });
    expect(onlyResource(json, 'ibm_iam_account_settings').allowed_ip_addresses).toBe(
      `203.0.113.16/29, 192.0.2.10 - 192.0.2.20, 2001:db8::1, ${zoneRef(json, 'office_')}, partner-net, ${zoneRef(json, 'allowlist_cloudant-service_')}`,
    );
    expect(Object.values(resourcesOf(json, 'ibm_cbr_zone')).find((zone) => zone.name === 'cloudant-service')).toEqual({
      account_id: ACCOUNT,
      name: 'cloudant-service',
      description: 'The Cloudant service, so its own IAM token requests (replication with API keys) pass the IAM IP allowlist',
      addresses: [{ type: 'serviceRef', ref: { account_id: ACCOUNT, service_name: 'cloudantnosqldb' } }],
    });
  });

  test('monitor mode prefixes the list with ? and needs no deployers', () => {
    const list = allowlist({ mode: 'monitor', addresses: ['203.0.113.0/24'], allowCloudantService: false });
    expect(list.value).toBe('?203.0.113.0/24');
    expect(list.cloudantServiceZone).toBeUndefined();
  });

  test('deployers may be left out with a reason', () => {
    expect(allowlist({ addresses: ['203.0.113.0/24'], deployersNotListedReason: 'the runners egress through 203.0.113.0/24', allowCloudantService: false }).value).toBe('203.0.113.0/24');
  });

  test('the Cloudant zone can be renamed', () => {
    expect(allowlist({ deployerAddresses: ['203.0.113.1'], cloudantServiceZoneName: 'cloudant_iam' }).cloudantServiceZone!.zoneName).toBe('cloudant_iam');
  });

  test('NONE writes an empty list, which clears one set elsewhere', () => {
    const { stack } = testStack();
    new AccountSecurity(stack, 'settings', { accountId: ACCOUNT, ipAllowlist: IamIpAllowlist.NONE });
    expect(onlyResource(synthJson(stack), 'ibm_iam_account_settings').allowed_ip_addresses).toBe('');
  });

  describe('the service IDs whose keys the allowlist may cut off', () => {
    const KEY_WARNING = (path: string, keys: string, where = 'nothing in the IAM IP allowlist says where it obtains tokens') =>
      `test/allowlist: service ID ${path} has API keys (${keys}), and ${where}: in restrict mode IAM refuses it tokens from any other address within 60 minutes of the change (tokens issued before stay valid until they expire, at most 60 minutes); name the zones it calls IAM from, or say why it needs none, in keyHolders (network.ipAllowlist.keyHolders in an environment file)`;

    test('a service ID with keys and nothing said about it is a warning, with the 60-minute effect', () => {
      const { stack } = testStack();
      const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
      app.addApiKey('laptop', { name: 'laptop' });
      app.addApiKey('ci', { name: 'ci' });
      allowlist({ deployerAddresses: ['203.0.113.1'] }, stack);
      synthJson(stack);
      expect(annotations(stack, '@cdktf/warn')).toEqual([KEY_WARNING('test/app', 'laptop, ci')]);
    });

    test('a zone for it joins the allowlist once; a reason is enough too; monitor mode warns for nothing', () => {
      const { stack } = testStack();
      const vpc = new NetworkZone(stack, 'vpc', { accountId: ACCOUNT, name: 'orders-vpc', addresses: [ZoneAddress.subnet('198.51.100.0/28')] });
      const office = new NetworkZone(stack, 'office', { accountId: ACCOUNT, name: 'office', addresses: [ZoneAddress.subnet('203.0.113.0/28')] });
      const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
      app.addApiKey('k', { name: 'k' });
      const jobs = new ServiceIdentity(stack, 'jobs', { name: 'jobs' });
      jobs.addApiKey('k', { name: 'k' });
      allowlist(
        {
          deployerZones: [office],
          keyHolders: [
            { identity: app, zones: [vpc, office] },
            { identity: jobs, reason: 'runs on the CI runners, whose egress is listed' },
          ],
        },
        stack,
      );
      const json = synthJson(stack);
      expect(annotations(stack, '@cdktf/warn')).toEqual([]);
      new AccountSecurity(stack, 'settings', { accountId: ACCOUNT, ipAllowlist: stack.node.findChild('allowlist') as IamIpAllowlist });
      expect(onlyResource(synthJson(stack), 'ibm_iam_account_settings').allowed_ip_addresses).toBe(
        `${zoneRef(json, 'office_')}, ${zoneRef(json, 'vpc_')}, ${zoneRef(json, 'allowlist_cloudant-service_')}`,
      );
      const { stack: other } = testStack();
      new ServiceIdentity(other, 'app', { name: 'orders-app' }).addApiKey('k', { name: 'k' });
      allowlist({ mode: 'monitor', addresses: ['203.0.113.0/24'] }, other);
      synthJson(other);
      expect(annotations(other, '@cdktf/warn')).toEqual([]);
    });

    test('replication keys are covered by the Cloudant service zone, and warned about without it', () => {
      const { stack } = testStack();
      const source = new ServiceIdentity(stack, 'source', { name: 'source' });
      source.addApiKey('key', { name: 'key', exchangedByService: 'cloudantnosqldb' });
      allowlist({ deployerAddresses: ['203.0.113.1'] }, stack);
      synthJson(stack);
      expect(annotations(stack, '@cdktf/warn')).toEqual([]);
      const { stack: without } = testStack();
      new ServiceIdentity(without, 'source', { name: 'source' }).addApiKey('key', { name: 'key', exchangedByService: 'cloudantnosqldb' });
      allowlist({ deployerAddresses: ['203.0.113.1'], allowCloudantService: false }, without);
      synthJson(without);
      expect(annotations(without, '@cdktf/warn')).toEqual([
        KEY_WARNING('test/source', 'key', "Cloudant's replicator exchanges them from Cloudant's own network, and the allowlist has no zone for the Cloudant service (allowCloudantService is off)"),
      ]);
    });

    test('a key holder needs a zone or a reason, once', () => {
      const { stack } = testStack();
      const app = new ServiceIdentity(stack, 'app', { name: 'orders-app' });
      expect(errorOf(() => allowlist({ deployerAddresses: ['203.0.113.1'], keyHolders: [{ identity: app }, { identity: app, reason: 'short' }] }, stack)).split('\n')).toEqual([
        'IamIpAllowlist test/allowlist: keyHolders.0: names no zone and no reason for test/app; list the zones it calls IAM from, or say why it needs none',
        'IamIpAllowlist test/allowlist: keyHolders.1.identity: test/app is listed twice; list each identity once',
        'IamIpAllowlist test/allowlist: keyHolders.1.reason: "short" is too short to explain anything; give a reason of at least 10 characters',
      ]);
    });
  });

  test('a zone of private addresses is refused in the allowlist, as IBM refuses it', () => {
    const { stack } = testStack();
    const vpc = new NetworkZone(stack, 'vpc', { accountId: ACCOUNT, name: 'vpc-subnets', addresses: [ZoneAddress.subnet('203.0.113.0/28'), ZoneAddress.subnet('10.10.0.0/16')] });
    expect(errorOf(() => allowlist({ deployerAddresses: ['203.0.113.1'], zones: [vpc] }, stack))).toBe(
      'IamIpAllowlist test/allowlist: zones.0: zone test/vpc holds 10.10.0.0/16, which reaches into 10.0.0.0/8 (private (RFC 1918)); the IAM allowlist takes public addresses only, as IBM Cloud sees them, and refuses such a zone: list a zone of public egress addresses (or VPCs) instead',
    );
  });

  describe('refusals', () => {
    const subject = 'IamIpAllowlist test/allowlist';
    test.each([
      ['no deployers in restrict mode', { addresses: ['203.0.113.0/24'] }, `${subject}: deployerAddresses: is missing: list the egress addresses (or zones) of whoever runs Terraform, because an allowlist that leaves them out locks Terraform out of the account and only IBM support can lift it; or say why in deployersNotListedReason`],
      ['a reason that explains nothing', { addresses: ['203.0.113.0/24'], deployersNotListedReason: 'ok' }, `${subject}: deployersNotListedReason: "ok" is too short to explain anything; give a reason of at least 10 characters`],
      ['a reason beside listed deployers', { deployerAddresses: ['203.0.113.1'], deployersNotListedReason: 'they are listed below' }, `${subject}: deployersNotListedReason: the deployers are listed; remove deployersNotListedReason`],
      ['nothing listed at all', { mode: 'monitor' as const }, `${subject}: lists no address and no zone, which would let no user obtain a token; list addresses, or use IamIpAllowlist.NONE for no allowlist`],
      ['a private address', { deployerAddresses: ['10.1.2.3'] }, `${subject}: deployerAddresses.0: "10.1.2.3" reaches into 10.0.0.0/8 (private (RFC 1918)); the IAM allowlist takes public addresses only, as seen by IBM Cloud: list the public egress address`],
      ['a range spanning a private block', { deployerAddresses: ['203.0.113.1'], addresses: ['172.0.0.0-173.0.0.0'] }, `${subject}: addresses.0: "172.0.0.0-173.0.0.0" reaches into 172.16.0.0/12 (private (RFC 1918)); the IAM allowlist takes public addresses only, as seen by IBM Cloud: list the public egress address`],
      ['every address', { deployerAddresses: ['::/0'] }, `${subject}: deployerAddresses.0: "::/0" is too wide to restrict anything: ::/0 is every IPv6 address; list the egress addresses of the networks that need access (office, VPN, CI runners, VPCs), each no wider than a /16 (IPv4) or /32 (IPv6)`],
      [
        'a public range wider than a /16',
        { deployerAddresses: ['203.0.113.1'], addresses: ['1.0.0.0/8'] },
        `${subject}: addresses.0: "1.0.0.0/8" is too wide to restrict anything: 1.0.0.0/8 holds 16,777,216 public addresses, more than a /16; list the egress addresses of the networks that need access (office, VPN, CI runners, VPCs), each no wider than a /16 (IPv4) or /32 (IPv6)`,
      ],
      ['an address twice, written two ways', { deployerAddresses: ['2001:db8::1'], addresses: ['2001:DB8:0::1'] }, `${subject}: "2001:db8::1" is listed twice`],
      ['a bad mode', { mode: 'audit' as never, deployerAddresses: ['203.0.113.1'] }, `${subject}: mode: "audit" is not an allowlist mode; use restrict or monitor`],
      ['a Cloudant zone name CBR does not take', { deployerAddresses: ['203.0.113.1'], cloudantServiceZoneName: 'cloudant.iam' }, `${subject}: cloudantServiceZoneName: "cloudant.iam" is not a zone name; use 1 to 128 letters, digits, spaces, - and _`],
      ['a Cloudant zone name with spaces', { deployerAddresses: ['203.0.113.1'], cloudantServiceZoneName: 'cloudant service' }, `${subject}: cloudantServiceZoneName: "cloudant service" has spaces, and the allowlist is a comma-separated list of names; use - or _ instead`],
    ])('%s', (_name, props, message) => {
      expect(errorOf(() => allowlist(props))).toBe(message);
    });

    test('a zone whose name has spaces, or whose name is unknown', () => {
      const { stack } = testStack();
      const spaced = new NetworkZone(stack, 'spaced', { accountId: ACCOUNT, name: 'office vpn', addresses: [ZoneAddress.ipAddress('203.0.113.1')] });
      const unnamed = NetworkZone.fromZoneId(stack, 'unnamed', { zoneId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' });
      expect(errorOf(() => allowlist({ zones: [spaced], deployerZones: [unnamed] }, stack)).split('\n')).toEqual([
        `${subject}: zones.0: zone "office vpn" has spaces in its name, and the allowlist is a comma-separated list of names; rename the zone with - or _ instead of spaces`,
        `${subject}: deployerZones.0: zone test/unnamed has no known name, and the allowlist lists zones by name; pass name to NetworkZone.fromZoneId`,
      ]);
    });
  });
});

describe('AccountSecurity', () => {
  const settings = (props: Partial<AccountSecurityProps>, stack = testStack().stack) =>
    new AccountSecurity(stack, 'settings', { accountId: ACCOUNT, ipAllowlist: IamIpAllowlist.NONE, ...props });

  test('restricts service ID and API key creation and requires MFA by default, and checks the account before applying', () => {
    const { stack } = testStack();
    settings({}, stack);
    const json = synthJson(stack);
    const current = Object.keys(json.data!.ibm_iam_account_settings!)[0];
    expect(onlyResource(json, 'ibm_iam_account_settings')).toEqual({
      restrict_create_service_id: 'RESTRICTED',
      restrict_create_platform_apikey: 'RESTRICTED',
      mfa: 'TOTP4ALL',
      allowed_ip_addresses: '',
      lifecycle: {
        precondition: [
          {
            condition: `\${(data.ibm_iam_account_settings.${current}.account_id == "${ACCOUNT}")}`,
            error_message: `Terraform's API key belongs to another account than ${ACCOUNT}, whose settings this stack manages; run with an API key of that account`,
          },
        ],
      },
    });
    expect(annotations(stack, '@cdktf/warn')).toEqual([]);
  });

  test('writes every session and token setting as the string IAM takes', () => {
    const { stack } = testStack();
    settings(
      {
        restrictUserListVisibility: true,
        mfa: 'LEVEL2',
        sessionExpirationSeconds: 86400,
        sessionInvalidationSeconds: 900,
        maxSessionsPerIdentity: 'NOT_SET',
        accessTokenExpirationSeconds: 3600,
        refreshTokenExpirationSeconds: 2592000,
      },
      stack,
    );
    const json = onlyResource(synthJson(stack), 'ibm_iam_account_settings');
    expect(json).toMatchObject({
      restrict_user_list_visibility: 'RESTRICTED',
      mfa: 'LEVEL2',
      session_expiration_in_seconds: '86400',
      session_invalidation_in_seconds: '900',
      max_sessions_per_identity: 'NOT_SET',
      system_access_token_expiration_in_seconds: '3600',
      system_refresh_token_expiration_in_seconds: '2592000',
    });
  });

  test('weakening choices synthesize with a warning each', () => {
    const { stack } = testStack();
    settings({ mfa: 'NONE', restrictServiceIdCreation: false, restrictApiKeyCreation: false }, stack);
    const json = onlyResource(synthJson(stack), 'ibm_iam_account_settings');
    expect([json.mfa, json.restrict_create_service_id, json.restrict_create_platform_apikey]).toEqual(['NONE', 'NOT_RESTRICTED', 'NOT_RESTRICTED']);
    expect(annotations(stack, '@cdktf/warn')).toEqual([
      'test/settings: mfa NONE lets users log in with a password alone; use TOTP4ALL or a LEVEL setting',
      'test/settings: every user may create service IDs (restrictServiceIdCreation: false)',
      'test/settings: every user may create API keys (restrictApiKeyCreation: false)',
    ]);
  });

  test.each([
    [{ sessionExpirationSeconds: 899 }, 'sessionExpirationSeconds: 899 is outside IBM\'s range; use a whole number from 900 to 86400 (seconds) or NOT_SET'],
    [{ sessionExpirationSeconds: 86401 }, 'sessionExpirationSeconds: 86401 is outside IBM\'s range; use a whole number from 900 to 86400 (seconds) or NOT_SET'],
    [{ sessionInvalidationSeconds: 7201 }, 'sessionInvalidationSeconds: 7201 is outside IBM\'s range; use a whole number from 900 to 7200 (seconds) or NOT_SET'],
    [{ maxSessionsPerIdentity: 0 }, 'maxSessionsPerIdentity: 0 is outside IBM\'s range; use a whole number of at least 1 (sessions) or NOT_SET'],
    [{ accessTokenExpirationSeconds: 7200 }, 'accessTokenExpirationSeconds: 7200 is outside IBM\'s range; use a whole number from 900 to 3600 (seconds) or NOT_SET'],
    [{ refreshTokenExpirationSeconds: 1000.5 }, 'refreshTokenExpirationSeconds: 1000.5 is outside IBM\'s range; use a whole number from 900 to 2592000 (seconds) or NOT_SET'],
    [{ mfa: 'SMS' as never }, 'mfa: "SMS" is not an MFA setting; use one of NONE, NONE_NO_ROPC, TOTP, TOTP4ALL, LEVEL1, LEVEL2, LEVEL3'],
    [{ accountId: '0123' }, 'accountId: "0123" is not an account ID; an IBM Cloud account ID is 32 lowercase hexadecimal characters'],
  ])('refuses %j', (props, message) => {
    expect(errorOf(() => settings(props))).toBe(`AccountSecurity test/settings: ${message}`);
  });

  test('refuses a second settings object for the same account, in another stack of the app', () => {
    const { app, stack } = testStack('prod');
    settings({}, stack);
    const staging = new TerraformStack(app, 'staging');
    new IbmProvider(staging, 'ibm', { region: 'us-east' });
    expect(errorOf(() => settings({}, staging))).toBe(
      `AccountSecurity staging/settings: the settings of account ${ACCOUNT} are already managed by prod/settings; an account has one settings object, and two stacks managing it would undo each other's changes: manage them in one stack only`,
    );
    // another account is fine
    expect(() => new AccountSecurity(staging, 'other', { accountId: 'fedcba9876543210fedcba9876543210', ipAllowlist: IamIpAllowlist.NONE })).not.toThrow();
  });
});
