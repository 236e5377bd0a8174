import { NetworkZone, NetworkZoneAddresses } from '../constructs/network/network-zone';
import { ZoneAddress } from '../constructs/network/zone-address';
import { errorOf } from './support/errors';
import { annotations, onlyResource, synthJson, testStack } from './support/synth';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const VPC = 'crn:v1:bluemix:public:is:us-south:a/0123456789abcdef0123456789abcdef::vpc:r006-4727d842-f94f-4a2d-824a-9bc9b02c523b';

describe('NetworkZone', () => {
  test('writes every address kind in canonical form, with its exclusions', () => {
    const { stack } = testStack();
    const zone = new NetworkZone(stack, 'office', {
      accountId: ACCOUNT,
      name: 'office net',
      description: 'Büro VPN',
      addresses: [
        ZoneAddress.subnet('203.0.113.0/24'),
        ZoneAddress.ipRange('198.51.100.10', '198.51.100.20'),
        ZoneAddress.ipAddress('2001:DB8::7'),
        ZoneAddress.vpc(VPC),
        ZoneAddress.serviceRef({ serviceName: 'kms', location: 'us-south' }),
      ],
      excluded: [ZoneAddress.ipAddress('203.0.113.7'), ZoneAddress.subnet('203.0.113.128/25'), ZoneAddress.ipRange('198.51.100.11', '198.51.100.12')],
    });
    expect(zone.zoneName).toBe('office net');
    expect(onlyResource(synthJson(stack), 'ibm_cbr_zone')).toEqual({
      account_id: ACCOUNT,
      name: 'office net',
      description: 'Büro VPN',
      addresses: [
        { type: 'subnet', value: '203.0.113.0/24' },
        { type: 'ipRange', value: '198.51.100.10-198.51.100.20' },
        { type: 'ipAddress', value: '2001:db8::7' },
        { type: 'vpc', value: VPC },
        { type: 'serviceRef', ref: { account_id: ACCOUNT, service_name: 'kms', location: 'us-south' } },
      ],
      excluded: [
        { type: 'ipAddress', value: '203.0.113.7' },
        { type: 'subnet', value: '203.0.113.128/25' },
        { type: 'ipRange', value: '198.51.100.11-198.51.100.12' },
      ],
    });
  });

  test('addAddresses appends to the same resource', () => {
    const { stack } = testStack();
    const zone = new NetworkZone(stack, 'z', { accountId: ACCOUNT, name: 'z', addresses: [ZoneAddress.ipAddress('203.0.113.1')] });
    zone.addAddresses(ZoneAddress.ipAddress('203.0.113.2'));
    expect(onlyResource(synthJson(stack), 'ibm_cbr_zone').addresses).toEqual([
      { type: 'ipAddress', value: '203.0.113.1' },
      { type: 'ipAddress', value: '203.0.113.2' },
    ]);
  });

  test('a zone with no address synthesizes with a warning', () => {
    const { stack } = testStack();
    new NetworkZone(stack, 'empty', { accountId: ACCOUNT, name: 'empty' });
    synthJson(stack);
    expect(annotations(stack, '@cdktf/warn')).toEqual(['test/empty: the zone holds no addresses, so a rule context that names it matches no request; add addresses']);
  });

  describe('refusals', () => {
    const zone = (props: Partial<ConstructorParameters<typeof NetworkZone>[2]>) => () => {
      const { stack } = testStack();
      new NetworkZone(stack, 'z', { accountId: ACCOUNT, name: 'z', ...props });
    };

    test.each([
      ['a 200-character name (IBM\'s module lets it through)', { name: 'n'.repeat(200) }, `NetworkZone test/z: name: "${'n'.repeat(200)}" is not a zone name; use 1 to 128 letters, digits, spaces, - and _`],
      ['an empty name', { name: '' }, 'NetworkZone test/z: name: "" is not a zone name; use 1 to 128 letters, digits, spaces, - and _'],
      ['a name with a dot', { name: 'office.vpn' }, 'NetworkZone test/z: name: "office.vpn" is not a zone name; use 1 to 128 letters, digits, spaces, - and _'],
      ['an account that is not an ID', { accountId: 'a/0123' }, 'NetworkZone test/z: accountId: "a/0123" is not an account ID; an IBM Cloud account ID is 32 lowercase hexadecimal characters (ibmcloud target shows it)'],
      ['a 301-character description', { description: 'd'.repeat(301) }, 'NetworkZone test/z: description: is 301 bytes long (UTF-8); CBR accepts at most 300: shorten it'],
      // 150 characters of ü are 300 bytes, one more is over, although only 151 characters
      ['a description over 300 bytes in UTF-8', { description: 'ü'.repeat(151) }, 'NetworkZone test/z: description: is 302 bytes long (UTF-8); CBR accepts at most 300: shorten it'],
      ['a description with an en dash, beyond Latin-1', { description: 'office – VPN' }, 'NetworkZone test/z: description: has characters CBR does not accept; use printable characters from space to þ (no line breaks, no emoji)'],
      ['a description with a line break', { description: 'a\nb' }, 'NetworkZone test/z: description: has characters CBR does not accept; use printable characters from space to þ (no line breaks, no emoji)'],
      ['an address listed twice', { addresses: [ZoneAddress.subnet('203.0.113.0/24'), ZoneAddress.subnet(' 203.0.113.0/24')] }, 'NetworkZone test/z: addresses.1: subnet  203.0.113.0/24 is listed twice'],
      ['the same block written two ways', { addresses: [ZoneAddress.ipAddress('2001:db8::1'), ZoneAddress.ipAddress('2001:DB8:0::1')] }, 'NetworkZone test/z: addresses.1: ipAddress 2001:DB8:0::1 is listed twice'],
      ['a bad address among good ones', { addresses: [ZoneAddress.ipAddress('203.0.113.1'), ZoneAddress.subnet('203.0.113.1/24')] }, 'NetworkZone test/z: addresses.1: "203.0.113.1/24" has host bits set; the subnet that holds it is 203.0.113.0/24'],
      ['an exclusion outside the zone', { addresses: [ZoneAddress.subnet('203.0.113.0/25')], excluded: [ZoneAddress.ipAddress('203.0.113.200')] }, 'NetworkZone test/z: excluded.0: "203.0.113.200" is not inside the zone\'s addresses, so excluding it changes nothing; exclude only part of an included address, range or subnet'],
      ['an exclusion partly outside', { addresses: [ZoneAddress.subnet('203.0.113.0/25')], excluded: [ZoneAddress.ipRange('203.0.113.100', '203.0.113.130')] }, 'NetworkZone test/z: excluded.0: "203.0.113.100-203.0.113.130" is not inside the zone\'s addresses, so excluding it changes nothing; exclude only part of an included address, range or subnet'],
      ['a VPC exclusion', { addresses: [ZoneAddress.vpc(VPC)], excluded: [ZoneAddress.vpc(VPC) as never] }, `NetworkZone test/z: excluded.0: vpc ${VPC} cannot be excluded; only ipAddress, ipRange, subnet can`],
    ])('%s', (_name, props, message) => {
      expect(errorOf(zone(props))).toBe(message);
    });

    test('every problem is reported at once', () => {
      expect(errorOf(zone({ name: 'a.b', addresses: [ZoneAddress.ipAddress('1.2.3')] })).split('\n')).toEqual([
        'NetworkZone test/z: name: "a.b" is not a zone name; use 1 to 128 letters, digits, spaces, - and _',
        'NetworkZone test/z: addresses.0: "1.2.3" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)',
      ]);
    });

    test('more than 1,000 addresses', () => {
      const addresses = Array.from({ length: 1001 }, (_, i) => ZoneAddress.ipAddress(`10.0.${Math.floor(i / 256)}.${i % 256}`));
      expect(errorOf(zone({ addresses }))).toBe(
        'NetworkZone test/z: addresses: holds 1001 entries, more than the 1000 IBM allows in one zone; merge addresses into ranges or subnets, or split them over several zones',
      );
    });

    test('exactly 1,000 addresses are accepted', () => {
      const addresses = Array.from({ length: 1000 }, (_, i) => ZoneAddress.ipAddress(`10.0.${Math.floor(i / 256)}.${i % 256}`));
      expect(() => zone({ addresses })()).not.toThrow();
    });

    test('addAddresses counts what the zone already holds', () => {
      const { stack } = testStack();
      const z = new NetworkZone(stack, 'z', { accountId: ACCOUNT, name: 'z', addresses: [ZoneAddress.ipAddress('203.0.113.1')] });
      expect(errorOf(() => z.addAddresses(ZoneAddress.ipAddress('203.0.113.1')))).toBe('NetworkZone test/z: addresses.1: ipAddress 203.0.113.1 is listed twice');
    });
  });
});

describe('zones made elsewhere', () => {
  test('fromZoneId takes the ID and, for the allowlist, the name', () => {
    const { stack } = testStack();
    const zone = NetworkZone.fromZoneId(stack, 'shared', { zoneId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', name: 'ci-runners' });
    expect(zone.zoneId).toBe('0a1b2c3d4e5f60718293a4b5c6d7e8f9');
    expect(zone.zoneName).toBe('ci-runners');
    expect(zone.addressesComplete).toBe(false);
    expect(zone.knownAddresses).toEqual([]);
  });

  test('fromZoneId refuses an ID that is not one', () => {
    const { stack } = testStack();
    expect(errorOf(() => NetworkZone.fromZoneId(stack, 'shared', { zoneId: 'crn:v1:bluemix:public:context-based-restrictions::a/x::zone:abc' }))).toBe(
      'NetworkZone.fromZoneId test/shared: zoneId: "crn:v1:bluemix:public:context-based-restrictions::a/x::zone:abc" is not a zone ID; a zone ID is 32 hexadecimal characters (ibmcloud cbr zones lists them)',
    );
  });

  test('fromZoneId refuses a name CBR does not take', () => {
    const { stack } = testStack();
    expect(errorOf(() => NetworkZone.fromZoneId(stack, 'shared', { zoneId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', name: 'ci.runners' }))).toBe(
      'NetworkZone.fromZoneId test/shared: name: "ci.runners" is not a zone name; use 1 to 128 letters, digits, spaces, - and _',
    );
  });

  test('NetworkZoneAddresses appends to it with ibm_cbr_zone_addresses, and the zone knows them', () => {
    const { stack } = testStack();
    const zone = NetworkZone.fromZoneId(stack, 'shared', { zoneId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' });
    new NetworkZoneAddresses(stack, 'ours', {
      zone,
      accountId: ACCOUNT,
      addresses: [ZoneAddress.ipAddress('203.0.113.9'), ZoneAddress.serviceRef({ serviceName: 'kms' })],
    });
    expect(onlyResource(synthJson(stack), 'ibm_cbr_zone_addresses')).toEqual({
      zone_id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      addresses: [
        { type: 'ipAddress', value: '203.0.113.9' },
        { type: 'serviceRef', ref: { account_id: ACCOUNT, service_name: 'kms' } },
      ],
    });
    expect(zone.knownAddresses.map((each) => each.address.type)).toEqual(['ipAddress', 'serviceRef']);
  });

  test('NetworkZoneAddresses refuses a zone of this app, whose resource would remove what it appends', () => {
    const { stack } = testStack();
    const zone = new NetworkZone(stack, 'mine', { accountId: ACCOUNT, name: 'mine', addresses: [ZoneAddress.ipAddress('203.0.113.1')] });
    expect(errorOf(() => new NetworkZoneAddresses(stack, 'more', { zone, addresses: [ZoneAddress.ipAddress('203.0.113.2')] }))).toBe(
      'NetworkZoneAddresses test/more: zone: test/mine is a zone of this app, whose ibm_cbr_zone would remove addresses appended to it; use zone.addAddresses(...) instead',
    );
  });

  test.each([
    [[], 'NetworkZoneAddresses test/more: addresses: is empty; list the addresses to add to the zone'],
    [[ZoneAddress.serviceRef({ serviceName: 'kms' })], 'NetworkZoneAddresses test/more: addresses.0: a service reference needs its account; set accountId on it or on NetworkZoneAddresses'],
    [
      [ZoneAddress.subnet('10.0.0.0/0')],
      'NetworkZoneAddresses test/more: addresses.0: "10.0.0.0/0" is too wide to restrict anything: 0.0.0.0/0 is every IPv4 address; list the egress addresses of the networks that need access (office, VPN, CI runners, VPCs), each no wider than a /16 (IPv4) or /32 (IPv6)',
    ],
    [
      [ZoneAddress.subnet('0.0.0.0/1')],
      'NetworkZoneAddresses test/more: addresses.0: "0.0.0.0/1" is too wide to restrict anything: 0.0.0.0/1 holds 2,092,957,696 public addresses, more than a /16; list the egress addresses of the networks that need access (office, VPN, CI runners, VPCs), each no wider than a /16 (IPv4) or /32 (IPv6)',
    ],
    [
      [ZoneAddress.ipRange('0.0.0.0', '255.255.255.255')],
      'NetworkZoneAddresses test/more: addresses.0: "0.0.0.0-255.255.255.255" is too wide to restrict anything: 0.0.0.0-255.255.255.255 is every IPv4 address; list the egress addresses of the networks that need access (office, VPN, CI runners, VPCs), each no wider than a /16 (IPv4) or /32 (IPv6)',
    ],
  ])('NetworkZoneAddresses refuses %j', (addresses, message) => {
    const { stack } = testStack();
    const zone = NetworkZone.fromZoneId(stack, 'shared', { zoneId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' });
    expect(errorOf(() => new NetworkZoneAddresses(stack, 'more', { zone, addresses }))).toBe(message);
  });
});
