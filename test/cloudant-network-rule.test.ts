import { CloudantInstance, CloudantInstanceProps } from '../constructs/cloudant/instance';
import { CloudantNetworkRule, CloudantNetworkRuleProps } from '../constructs/network/cloudant-network-rule';
import { NetworkZone, NetworkZoneAddresses } from '../constructs/network/network-zone';
import { ZoneAddress } from '../constructs/network/zone-address';
import { TerraformStack } from '../constructs/core/cdktf';
import { errorOf } from './support/errors';
import { annotations, onlyResource, synthJson, testStack } from './support/synth';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const GUID = '1b2c3d4e-0000-4000-8000-0123456789ab';
const CRN = `crn:v1:bluemix:public:cloudantnosqldb:us-south:a/${ACCOUNT}:${GUID}::`;
const VPC = `crn:v1:bluemix:public:is:us-south:a/${ACCOUNT}::vpc:r006-4727d842-f94f-4a2d-824a-9bc9b02c523b`;
const DATA_PLANE = 'crn:v1:bluemix:public:context-based-restrictions::::api-type:data-plane';

function setup(plan: CloudantInstanceProps['plan'] = 'standard-gen2') {
  const { stack } = testStack();
  const instance = new CloudantInstance(stack, 'orders', { name: 'orders', plan, location: 'us-south' });
  const zone = (id: string, ...addresses: ZoneAddress[]) => new NetworkZone(stack, id, { accountId: ACCOUNT, name: id, addresses });
  return { stack, instance, zone };
}

const rule = (stack: TerraformStack, props: CloudantNetworkRuleProps) => new CloudantNetworkRule(stack, 'rule', props);

describe('CloudantNetworkRule', () => {
  test('protects one instance by account, service name and GUID, on the data plane, with one context per endpoint type', () => {
    const { stack, instance, zone } = setup();
    const vpc = zone('vpc', ZoneAddress.vpc(VPC));
    const office = zone('office', ZoneAddress.subnet('203.0.113.0/24'));
    rule(stack, { instance, accountId: ACCOUNT, allow: [{ zones: [vpc], endpointTypes: ['private', 'public'] }, { zones: [vpc, office] }] });
    const json = synthJson(stack);
    const zoneName = (id: string) => Object.keys(json.resource!.ibm_cbr_zone!).find((name) => name.startsWith(`${id}_`));
    expect(onlyResource(json, 'ibm_cbr_rule')).toEqual({
      description: 'Data-plane access to Cloudant instance orders (ibm-data-guard)',
      enforcement_mode: 'enabled',
      resources: [
        {
          attributes: [
            { name: 'accountId', operator: 'stringEquals', value: ACCOUNT },
            { name: 'serviceName', operator: 'stringEquals', value: 'cloudantnosqldb' },
            { name: 'serviceInstance', operator: 'stringEquals', value: `\${ibm_cloudant.${Object.keys(json.resource!.ibm_cloudant!)[0]}.guid}` },
          ],
        },
      ],
      operations: { api_types: [{ api_type_id: DATA_PLANE }] },
      contexts: [
        { attributes: [{ name: 'networkZoneId', value: `\${ibm_cbr_zone.${zoneName('vpc')}.id}` }, { name: 'endpointType', value: 'private' }] },
        { attributes: [{ name: 'networkZoneId', value: `\${ibm_cbr_zone.${zoneName('vpc')}.id}` }, { name: 'endpointType', value: 'public' }] },
        { attributes: [{ name: 'networkZoneId', value: `\${ibm_cbr_zone.${zoneName('vpc')}.id},\${ibm_cbr_zone.${zoneName('office')}.id}` }] },
      ],
    });
  });

  test('a disabled rule and a description of its own', () => {
    const { stack, instance, zone } = setup();
    rule(stack, { instance, enforcement: 'disabled', description: 'staged until the VPN is live', allow: [{ zones: [zone('office', ZoneAddress.ipAddress('203.0.113.1'))] }] });
    const json = onlyResource(synthJson(stack), 'ibm_cbr_rule');
    expect(json.enforcement_mode).toBe('disabled');
    expect(json.description).toBe('staged until the VPN is live');
  });

  test('the account comes from the CRN: at synth for an instance made elsewhere, at apply for one made here', () => {
    const { stack, instance, zone } = setup();
    const office = zone('office', ZoneAddress.ipAddress('203.0.113.1'));
    const imported = CloudantInstance.fromAttributes(stack, 'shared', { crn: CRN, plan: 'standard-gen2' });
    new CloudantNetworkRule(stack, 'imported-rule', { instance: imported, allow: [{ zones: [office] }] });
    new CloudantNetworkRule(stack, 'own-rule', { instance, allow: [{ zones: [office] }] });
    const rules = synthJson(stack).resource!.ibm_cbr_rule!;
    const attributeOf = (prefix: string, name: string) =>
      (Object.entries(rules).find(([n]) => n.startsWith(prefix))![1].resources as { attributes: { name: string; value: string }[] }[])[0]!.attributes.find((a) => a.name === name)!.value;
    expect(attributeOf('imported-rule', 'accountId')).toBe(ACCOUNT);
    expect(attributeOf('imported-rule', 'serviceInstance')).toBe(GUID);
    expect(attributeOf('own-rule', 'accountId')).toMatch(/^\$\{replace\(element\(split\(":", ibm_cloudant\.orders_\w+\.crn\), 6\), "a\/", ""\)\}$/);
  });

  test('allow() adds contexts after construction', () => {
    const { stack, instance, zone } = setup();
    const r = rule(stack, { instance });
    r.allow([zone('office', ZoneAddress.ipAddress('203.0.113.1'))], ['private']);
    expect((onlyResource(synthJson(stack), 'ibm_cbr_rule').contexts as unknown[]).length).toBe(1);
  });

  test('a rule with no context fails the synth: it would block every request', () => {
    const { stack, instance } = setup();
    rule(stack, { instance });
    expect(() => synthJson(stack)).toThrow('the rule allows no context, so it would block every data-plane request; allow at least one zone with allow(...)');
  });

  test('IPv6 addresses, which Cloudant ignores, are a warning naming the zone and the addresses', () => {
    const { stack, instance, zone } = setup();
    rule(stack, { instance, allow: [{ zones: [zone('dual', ZoneAddress.subnet('203.0.113.0/24'), ZoneAddress.subnet('2001:db8::/32'), ZoneAddress.ipAddress('2001:db8:1::1'))] }] });
    synthJson(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual(['test/rule: zone test/dual holds IPv6 addresses (2001:db8::/32, 2001:db8:1::1), which Cloudant ignores: they allow nothing through this rule']);
  });

  test('an enabled rule whose zones hold only IPv6 addresses fails the synth: Cloudant ignores them, so it blocks every request', () => {
    const { stack, instance, zone } = setup();
    rule(stack, { instance, allow: [{ zones: [zone('v6', ZoneAddress.subnet('2001:db8::/32'))] }, { zones: [zone('v6b', ZoneAddress.ipAddress('2001:db8:1::1'))] }] });
    expect(() => synthJson(stack)).toThrow(
      '[test/rule] every zone the rule allows holds only IPv6 addresses (test/v6: 2001:db8::/32; test/v6b: 2001:db8:1::1), which Cloudant ignores, so the enabled rule would block every data-plane request; add the IPv4 addresses, subnets or VPCs that need access, or set enforcement to disabled',
    );
  });

  test('a disabled rule with only IPv6 zones is staged, with the warning', () => {
    const { stack, instance, zone } = setup();
    rule(stack, { instance, enforcement: 'disabled', allow: [{ zones: [zone('v6', ZoneAddress.subnet('2001:db8::/32'))] }] });
    synthJson(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual(['test/rule: zone test/v6 holds IPv6 addresses (2001:db8::/32), which Cloudant ignores: they allow nothing through this rule']);
  });

  test.each([
    ['private', ['public'], 'the rule allows requests on public endpoints only, and test/orders serves only private endpoints (serviceEndpoints: private), so the enabled rule would block every data-plane request; allow private endpoints, or change the instance\'s serviceEndpoints'],
    ['public', ['private'], 'the rule allows requests on private endpoints only, and test/orders serves only public endpoints (serviceEndpoints: public), so the enabled rule would block every data-plane request; allow public endpoints, or change the instance\'s serviceEndpoints'],
  ] as const)('an enabled rule on a %s-only instance that allows only %j fails the synth', (served, allowed, message) => {
    const { stack } = testStack();
    const instance = new CloudantInstance(stack, 'orders', { name: 'orders', plan: 'standard-gen2', location: 'us-south', serviceEndpoints: served });
    const office = new NetworkZone(stack, 'office', { accountId: ACCOUNT, name: 'office', addresses: [ZoneAddress.ipAddress('203.0.113.1')] });
    rule(stack, { instance, allow: [{ zones: [office], endpointTypes: [...allowed] }] });
    expect(() => synthJson(stack)).toThrow(`[test/rule] ${message}`);
  });

  describe('refusals', () => {
    test('a Gen 1 instance, pointing to the IAM allowlist instead', () => {
      for (const plan of ['lite', 'standard'] as const) {
        const { stack, instance, zone } = setup(plan);
        expect(errorOf(() => rule(stack, { instance, allow: [{ zones: [zone('office', ZoneAddress.ipAddress('203.0.113.1'))] }] }))).toBe(
          `CloudantNetworkRule test/rule: instance: test/orders is plan ${plan} (Cloudant Gen 1), and context-based restrictions protect only Gen 2 instances (plan standard-gen2); for Gen 1, limit where IAM tokens can be obtained with the IAM IP allowlist (IamIpAllowlist, or network.ipAllowlist in an environment file), or move the data to a standard-gen2 instance`,
        );
      }
    });

    test('report mode, with IBM\'s reason', () => {
      const { stack, instance } = setup();
      expect(errorOf(() => rule(stack, { instance, enforcement: 'report' as never }))).toBe(
        'CloudantNetworkRule test/rule: enforcement: "report" is not available for Cloudant: IBM offers no report-only mode for Cloudant rules; use disabled to stage the rule without enforcing it, then enabled',
      );
    });

    test('an unknown enforcement mode', () => {
      const { stack, instance } = setup();
      expect(errorOf(() => rule(stack, { instance, enforcement: 'on' as never }))).toBe('CloudantNetworkRule test/rule: enforcement: "on" is not an enforcement mode for Cloudant; use enabled or disabled');
    });

    test('a zone with a service reference', () => {
      const { stack, instance, zone } = setup();
      const kms = zone('kms', ZoneAddress.ipAddress('203.0.113.1'), ZoneAddress.serviceRef({ serviceName: 'kms' }));
      expect(errorOf(() => rule(stack, { instance, allow: [{ zones: [kms] }] }))).toBe(
        'CloudantNetworkRule test/rule: allow.0.zones.0: zone test/kms holds a service reference (serviceRef kms), and IBM refuses rules that protect Cloudant through a zone with service references; use a zone of addresses, ranges, subnets and VPCs only',
      );
    });

    test('a zone made elsewhere that was given a service reference here', () => {
      const { stack, instance } = setup();
      const shared = NetworkZone.fromZoneId(stack, 'shared', { zoneId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' });
      new NetworkZoneAddresses(stack, 'kms', { zone: shared, accountId: ACCOUNT, addresses: [ZoneAddress.serviceRef({ serviceName: 'kms' })] });
      expect(errorOf(() => rule(stack, { instance, allow: [{ zones: [shared] }] }))).toBe(
        'CloudantNetworkRule test/rule: allow.0.zones.0: zone test/shared holds a service reference (serviceRef kms), and IBM refuses rules that protect Cloudant through a zone with service references; use a zone of addresses, ranges, subnets and VPCs only',
      );
    });

    test.each([
      [{ zones: [] }, 'CloudantNetworkRule test/rule: allow.0.zones: is empty; name at least one zone'],
      [{ endpointTypes: ['internal'] }, 'CloudantNetworkRule test/rule: allow.0.endpointTypes.0: "internal" is not an endpoint type of Cloudant; use public or private'],
      [
        { endpointTypes: ['private', 'direct'] },
        'CloudantNetworkRule test/rule: allow.0.endpointTypes.1: "direct" is not an endpoint Cloudant serves: Cloudant has public and private endpoints only, so a direct context never matches a request; use private for traffic from IBM Cloud networks',
      ],
      [{ endpointTypes: ['private', 'private'] }, 'CloudantNetworkRule test/rule: allow.0.endpointTypes.1: "private" is listed twice'],
      [{ endpointTypes: [] }, 'CloudantNetworkRule test/rule: allow.0.endpointTypes: is empty; leave it out to allow every endpoint type'],
    ])('a context %j', (context, message) => {
      const { stack, instance, zone } = setup();
      const office = zone('office', ZoneAddress.ipAddress('203.0.113.1'));
      expect(errorOf(() => rule(stack, { instance, allow: [{ zones: [office], ...context } as never] }))).toBe(message);
    });

    test('an account that is not an account ID', () => {
      const { stack, instance } = setup();
      expect(errorOf(() => rule(stack, { instance, accountId: 'a/0123' }))).toBe(
        'CloudantNetworkRule test/rule: accountId: "a/0123" is not an account ID; an IBM Cloud account ID is 32 lowercase hexadecimal characters',
      );
    });

    test('an account that is not the instance\'s', () => {
      const { stack } = setup();
      const imported = CloudantInstance.fromAttributes(stack, 'shared', { crn: CRN, plan: 'standard-gen2' });
      expect(errorOf(() => rule(stack, { instance: imported, accountId: 'fedcba9876543210fedcba9876543210' }))).toBe(
        `CloudantNetworkRule test/rule: accountId: "fedcba9876543210fedcba9876543210" is not the account of test/shared (${ACCOUNT}, from its CRN); a rule protects instances of its own account: leave accountId out to read it from the CRN`,
      );
    });

    test('a description CBR does not take', () => {
      const { stack, instance } = setup();
      expect(errorOf(() => rule(stack, { instance, description: 'x'.repeat(301) }))).toBe('CloudantNetworkRule test/rule: description: is 301 bytes long (UTF-8); CBR accepts at most 300: shorten it');
    });
  });

  describe('the 2,000 IP entries Cloudant accepts per endpoint type', () => {
    const bigZone = (zone: ReturnType<typeof setup>['zone'], id: string, octet: number) =>
      zone(id, ...Array.from({ length: 1000 }, (_, i) => ZoneAddress.ipAddress(`10.${octet}.${Math.floor(i / 256)}.${i % 256}`)));

    test('2,000 on one endpoint type are accepted, a zone counted once', () => {
      const { stack, instance, zone } = setup();
      const a = bigZone(zone, 'a', 1);
      const b = bigZone(zone, 'b', 2);
      const r = rule(stack, { instance, allow: [{ zones: [a, b], endpointTypes: ['private'] }, { zones: [a], endpointTypes: ['private'] }] });
      expect(r.ipEntriesPerEndpointType()).toEqual({ public: 0, private: 2000 });
    });

    test('2,001 are refused with the endpoint type named', () => {
      const { stack, instance, zone } = setup();
      const a = bigZone(zone, 'a', 1);
      const b = bigZone(zone, 'b', 2);
      const c = zone('c', ZoneAddress.ipAddress('203.0.113.1'), ZoneAddress.vpc(VPC));
      expect(errorOf(() => rule(stack, { instance, allow: [{ zones: [a, b], endpointTypes: ['public'] }, { zones: [c] }] }))).toBe(
        'CloudantNetworkRule test/rule: allow: allows 2001 IP addresses, ranges and subnets on the public endpoint, more than the 2000 Cloudant accepts per endpoint type in one rule; merge them into wider ranges or subnets',
      );
    });

    test('addresses added to a zone after allow() are counted at synth', () => {
      const { stack, instance, zone } = setup();
      const a = bigZone(zone, 'a', 1);
      const b = zone('b', ...Array.from({ length: 999 }, (_, i) => ZoneAddress.ipAddress(`10.2.${Math.floor(i / 256)}.${i % 256}`)));
      const extra = zone('extra', ZoneAddress.ipAddress('203.0.113.2'));
      rule(stack, { instance, allow: [{ zones: [a, b, extra], endpointTypes: ['private'] }] });
      expect(() => synthJson(stack)).not.toThrow();
      extra.addAddresses(ZoneAddress.ipAddress('203.0.113.3'));
      expect(() => synthJson(stack)).toThrow('allows 2001 IP addresses, ranges and subnets on the private endpoint');
    });
  });
});
