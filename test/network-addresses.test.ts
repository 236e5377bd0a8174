// Zone addresses, one kind at a time: what IBM reads, in canonical form, and the exact
// reason for everything else (including the cases IBM's CBR module lets through or rejects).
import { coveredBy, nonPublicPart, parseIp, tooWideProblem, tooWideText } from '../constructs/network/ip';
import { checkZoneAddress, ZoneAddress } from '../constructs/network/zone-address';

const problemOf = (address: ZoneAddress): string | undefined => {
  const result = checkZoneAddress(address);
  return 'problem' in result ? result.problem : undefined;
};
const canonicalOf = (address: ZoneAddress): string | undefined => {
  const result = checkZoneAddress(address);
  if ('problem' in result) throw new Error(result.problem);
  return result.ip?.canonical;
};

describe('ipAddress', () => {
  test.each([
    ['203.0.113.7', '203.0.113.7'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:DB8:0:0:0:0:0:7', '2001:db8::7'],
    ['::1', '::1'],
    [' 198.51.100.1 ', '198.51.100.1'],
  ])('%s is read as %s', (value, canonical) => {
    expect(canonicalOf(ZoneAddress.ipAddress(value))).toBe(canonical);
  });

  test.each([
    ['10.1', '"10.1" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
    ['010.0.0.1', '"010.0.0.1" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
    ['0x0a.0.0.1', '"0x0a.0.0.1" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
    ['256.1.1.1', '"256.1.1.1" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
    ['2001:db8:::1', '"2001:db8:::1" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
    ['fe80::1%eth0', '"fe80::1%eth0" has a zone index (%…), which IBM Cloud does not take; remove it'],
    ['office', '"office" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
    ['10.0.0.0/24', '"10.0.0.0/24" is a subnet, not an ipAddress; give it type subnet'],
    ['10.0.0.1-10.0.0.9', '"10.0.0.1-10.0.0.9" is an ipRange, not an ipAddress; give it type ipRange'],
  ])('%s is refused', (value, message) => {
    expect(problemOf(ZoneAddress.ipAddress(value))).toBe(message);
  });
});

describe('ipRange', () => {
  test.each([
    ['169.23.22.0-169.23.22.255', '169.23.22.0-169.23.22.255'],
    ['10.0.0.1 - 10.0.0.9', '10.0.0.1-10.0.0.9'],
    ['10.0.0.5-10.0.0.5', '10.0.0.5-10.0.0.5'],
    ['2001:db8::1-2001:db8::ff', '2001:db8::1-2001:db8::ff'],
  ])('%s is read as %s', (value, canonical) => {
    expect(canonicalOf({ type: 'ipRange', value })).toBe(canonical);
  });

  test('the builder joins first and last', () => {
    expect(ZoneAddress.ipRange('10.0.0.1', '10.0.0.9')).toEqual({ type: 'ipRange', value: '10.0.0.1-10.0.0.9' });
  });

  test.each([
    ['10.0.0.9-10.0.0.1', '"10.0.0.9-10.0.0.1" starts after it ends; write the lower address first (10.0.0.1-10.0.0.9)'],
    ['10.0.0.1-2001:db8::1', '"10.0.0.1-2001:db8::1" mixes IPv4 and IPv6; a range stays within one family'],
    ['10.0.0.1-10.0.0', '"10.0.0.1-10.0.0": the last address: "10.0.0" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
    ['10.0.0.1-', '"10.0.0.1-" is not an address range; write first-last, such as 203.0.113.10-203.0.113.20'],
    ['10.0.0.1-10.0.0.5-10.0.0.9', '"10.0.0.1-10.0.0.5-10.0.0.9" is not an address range; write first-last, such as 203.0.113.10-203.0.113.20'],
  ])('%s is refused', (value, message) => {
    expect(problemOf({ type: 'ipRange', value })).toBe(message);
  });
});

describe('subnet', () => {
  test.each([
    ['169.24.56.0/24', '169.24.56.0/24'],
    ['203.0.113.7/32', '203.0.113.7/32'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['2001:DB8::/32', '2001:db8::/32'],
    // a /0 is read (as the whole family, whatever address it names); zones refuse it as too wide
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['10.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
  ])('%s is read as %s', (value, canonical) => {
    expect(canonicalOf(ZoneAddress.subnet(value))).toBe(canonical);
  });

  test.each([
    ['10.0.0.5/24', '"10.0.0.5/24" has host bits set; the subnet that holds it is 10.0.0.0/24'],
    ['2001:db8::1/64', '"2001:db8::1/64" has host bits set; the subnet that holds it is 2001:db8::/64'],
    ['10.0.0.0/33', '"10.0.0.0/33" has prefix length 33; an IPv4 prefix is a number from 0 to 32 without leading zeros'],
    ['10.0.0.0/08', '"10.0.0.0/08" has prefix length 08; an IPv4 prefix is a number from 0 to 32 without leading zeros'],
    ['2001:db8::/129', '"2001:db8::/129" has prefix length 129; an IPv6 prefix is a number from 0 to 128 without leading zeros'],
    ['10.0.0.0/', '"10.0.0.0/" is not a subnet; write address/prefix, such as 203.0.113.0/24'],
    ['10.0/16', '"10.0/16": "10.0" is not an IPv4 or IPv6 address; write IPv4 as four decimal numbers (203.0.113.7) and IPv6 in standard form (2001:db8::7)'],
  ])('%s is refused', (value, message) => {
    expect(problemOf(ZoneAddress.subnet(value))).toBe(message);
  });
});

describe('vpc', () => {
  const crn = 'crn:v1:bluemix:public:is:us-south:a/0123456789abcdef0123456789abcdef::vpc:r006-4727d842-f94f-4a2d-824a-9bc9b02c523b';

  test('a VPC CRN is kept as written', () => {
    expect(checkZoneAddress(ZoneAddress.vpc(crn))).toEqual({ address: { type: 'vpc', value: crn } });
  });

  test.each([
    ['r006-4727d842-f94f-4a2d-824a-9bc9b02c523b'],
    ['crn:v1:bluemix:public:is:us-south:a/0123456789abcdef0123456789abcdef::subnet:0717-1234'],
    ['crn:v1:bluemix:public:cloudantnosqldb:us-south:a/0123456789abcdef0123456789abcdef:1b2c3d4e-0000-4000-8000-0123456789ab::'],
  ])('%s is refused', (value) => {
    expect(problemOf(ZoneAddress.vpc(value))).toBe(`${JSON.stringify(value)} is not a VPC CRN; expected crn:v1:<cloud>:<type>:is:<region>:a/<account>::vpc:<vpc id> (ibmcloud is vpc <name> shows it)`);
  });
});

describe('serviceRef', () => {
  test('a service reference with a location is accepted', () => {
    const ref = ZoneAddress.serviceRef({ serviceName: 'kms', location: 'us-south' });
    expect(checkZoneAddress(ref)).toEqual({ address: { type: 'serviceRef', serviceName: 'kms', location: 'us-south' } });
  });

  test.each([
    [{ serviceName: 'Key Protect' }, 'service reference serviceName "Key Protect" is not valid; use 1 to 128 of a-z, 0-9 and -'],
    [{ serviceName: '' }, 'service reference serviceName "" is not valid; use 1 to 128 of a-z, 0-9 and -'],
    [{ serviceName: 'kms', location: 'US South' }, 'service reference location "US South" is not valid; use 1 to 128 of a-z, 0-9 and -'],
    [{ serviceName: 'iam-groups', serviceType: 'platform-service' }, 'service reference serviceType "platform-service" is not valid; use 1 to 128 of a-z, 0-9 and _'],
    [{ serviceName: 'kms', serviceInstance: 'x'.repeat(129) }, `service reference serviceInstance "${'x'.repeat(129)}" is not valid; use 1 to 128 of a-z, 0-9, - and /`],
  ])('%j is refused', (ref, message) => {
    expect(problemOf(ZoneAddress.serviceRef(ref))).toBe(message);
  });
});

test('an unknown type is refused with the list of types', () => {
  expect(problemOf({ type: 'cidr', value: '10.0.0.0/8' } as never)).toBe('"cidr" is not an address type; use one of ipAddress, ipRange, subnet, vpc, serviceRef');
});

test('parse tells the kinds apart by shape', () => {
  expect(['203.0.113.7', '203.0.113.0/24', '203.0.113.1-203.0.113.9', 'crn:v1:bluemix:public:is:us-south:a/x::vpc:y'].map((text) => ZoneAddress.parse(text).type)).toEqual([
    'ipAddress',
    'subnet',
    'ipRange',
    'vpc',
  ]);
});

describe('interval math', () => {
  const interval = (text: string) => {
    const parsed = parseIp(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  };

  test('coverage is by the union of intervals, across adjacent blocks', () => {
    const outer = [interval('10.0.0.0/25'), interval('10.0.0.128/25')];
    expect(coveredBy(interval('10.0.0.100-10.0.0.200'), outer)).toBe(true);
    expect(coveredBy(interval('10.0.0.100-10.0.1.0'), outer)).toBe(false);
    expect(coveredBy(interval('2001:db8::1'), outer)).toBe(false);
  });

  test.each([
    ['10.1.2.3', '10.0.0.0/8 (private (RFC 1918))'],
    ['100.64.0.0/10', '100.64.0.0/10 (carrier-grade NAT)'],
    ['8.0.0.0-12.0.0.0', '10.0.0.0/8 (private (RFC 1918))'],
    ['fd00::1', 'fc00::/7 (unique local (private))'],
    ['203.0.113.0/24', undefined],
    ['2001:db8::/32', undefined],
  ])('%s reaches into %s', (text, block) => {
    expect(nonPublicPart(interval(text))).toBe(block);
  });
});

describe('too wide: the one definition zones, the IAM allowlist, the guardrails and the review use', () => {
  test.each([
    ['0.0.0.0/0', '0.0.0.0/0 is every IPv4 address'],
    ['::/0', '::/0 is every IPv6 address'],
    ['0.0.0.0-255.255.255.255', '0.0.0.0-255.255.255.255 is every IPv4 address'],
    ['0.0.0.0/1', '0.0.0.0/1 holds 2,092,957,696 public addresses, more than a /16'],
    ['128.0.0.0/1', '128.0.0.0/1 holds 1,609,433,088 public addresses, more than a /16'],
    ['1.0.0.0/15', '1.0.0.0/15 holds 131,072 public addresses, more than a /16'],
    ['198.51.0.0-198.52.0.0', '198.51.0.0-198.52.0.0 holds 65,537 public addresses, more than a /16'],
    ['2001:db8::/31', '2001:db8::/31 holds 158,456,325,028,528,675,187,087,900,672 public addresses, more than a /32'],
  ])('%s: %s', (value, problem) => {
    expect(tooWideText(value)).toBe(problem);
  });

  test.each([['1.0.0.0/16'], ['10.0.0.0/8'], ['100.64.0.0/10'], ['2001:db8::/32'], ['fc00::/7'], ['203.0.113.7']])('%s is not too wide (private blocks hold no public address)', (value) => {
    expect(tooWideText(value)).toBeUndefined();
  });

  test('what cannot be read is not judged here', () => {
    expect(tooWideText('not-an-address')).toBeUndefined();
    const parsed = parseIp('0.0.0.0/0');
    expect(parsed.ok && tooWideProblem(parsed.value)).toBe('0.0.0.0/0 is every IPv4 address');
  });
});
