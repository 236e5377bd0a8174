// The addresses a CBR network zone can hold, typed per kind and checked the way IBM reads
// them. The provider checks none of this; its documented single value pattern cannot even
// describe a range, a subnet or a VPC CRN.
import type { CbrZoneAddressBlock } from '../core/ibm-bindings';
import { isUnresolved, show } from '../core/validation';
import { parseIp, parseIpAddress, parseIpRange, parseSubnet, ParsedIp } from './ip';

/** the address kinds that hold IP addresses, and the only ones a zone can exclude */
export type IpAddressType = 'ipAddress' | 'ipRange' | 'subnet';

/** one address (`ipAddress`), a range `first-last` (`ipRange`) or a CIDR subnet (`subnet`) */
export interface IpZoneAddress {
  readonly type: IpAddressType;
  readonly value: string;
}

/** every address of a VPC, named by the VPC's CRN */
export interface VpcZoneAddress {
  readonly type: 'vpc';
  /** the VPC CRN, `crn:v1:<cloud>:<type>:is:<region>:a/<account>::vpc:<id>` */
  readonly value: string;
}

/** the addresses an IBM Cloud service calls from, kept current by IBM */
export interface ServiceRefZoneAddress {
  readonly type: 'serviceRef';
  /** the service, for example `cloudantnosqldb` or `kms` */
  readonly serviceName: string;
  /**
   * The service type, for services with several (`platform_service`).
   * @default - none
   */
  readonly serviceType?: string;
  /**
   * One instance of the service, by GUID.
   * @default - every instance
   */
  readonly serviceInstance?: string;
  /**
   * Where the service runs, for example `us-south`.
   * @default - every location
   */
  readonly location?: string;
  /**
   * The account that owns the service instances.
   * @default - the zone's account
   */
  readonly accountId?: string;
}

export type ZoneAddress = IpZoneAddress | VpcZoneAddress | ServiceRefZoneAddress;

export const ZONE_ADDRESS_TYPES = ['ipAddress', 'ipRange', 'subnet', 'vpc', 'serviceRef'] as const;
export const IP_ADDRESS_TYPES: readonly IpAddressType[] = ['ipAddress', 'ipRange', 'subnet'];

export function isIpAddressType(type: string): type is IpAddressType {
  return (IP_ADDRESS_TYPES as readonly string[]).includes(type);
}

/** Builders for zone addresses. */
export const ZoneAddress = {
  /** one IPv4 or IPv6 address */
  ipAddress: (value: string): IpZoneAddress => ({ type: 'ipAddress', value }),
  /** the addresses from `first` to `last`, both included */
  ipRange: (first: string, last: string): IpZoneAddress => ({ type: 'ipRange', value: `${first}-${last}` }),
  /** a CIDR subnet such as `203.0.113.0/24` */
  subnet: (cidr: string): IpZoneAddress => ({ type: 'subnet', value: cidr }),
  /** every address of a VPC, by CRN */
  vpc: (crn: string): VpcZoneAddress => ({ type: 'vpc', value: crn }),
  /** the addresses of an IBM Cloud service */
  serviceRef: (ref: Omit<ServiceRefZoneAddress, 'type'>): ServiceRefZoneAddress => ({ type: 'serviceRef', ...ref }),
  /**
   * Reads an address by its shape: a VPC CRN, a subnet (`/`), a range (`-`) or one address.
   * It is checked where it is used, like every other address.
   */
  parse(text: string): IpZoneAddress | VpcZoneAddress {
    const value = text.trim();
    return value.startsWith('crn:') ? { type: 'vpc', value } : ZoneAddress.parseIp(value);
  },
  /** reads an address, a range (`-`) or a subnet (`/`) by its shape, as exclusions take them */
  parseIp(text: string): IpZoneAddress {
    const value = text.trim();
    return { type: value.includes('/') ? 'subnet' : value.includes('-') ? 'ipRange' : 'ipAddress', value };
  },
};

/** an address as the zone will hold it: checked, IP kinds with their interval */
export interface CheckedZoneAddress {
  readonly address: ZoneAddress;
  /** the parsed value of an IP kind whose value is known at synth time */
  readonly ip?: ParsedIp;
}

const VPC_CRN = /^crn:v1:[a-z0-9-]+:[a-z0-9-]+:is:[a-z0-9-]*:a\/[0-9a-f]{32}::vpc:[A-Za-z0-9_-]+$/;

// The CBR API's patterns for service reference fields, each 1-128 characters.
const REF_FIELDS: readonly { readonly field: keyof ServiceRefZoneAddress; readonly pattern: RegExp; readonly allowed: string }[] = [
  { field: 'serviceName', pattern: /^[0-9a-z-]+$/, allowed: 'a-z, 0-9 and -' },
  { field: 'serviceType', pattern: /^[0-9a-z_]+$/, allowed: 'a-z, 0-9 and _' },
  { field: 'serviceInstance', pattern: /^[0-9a-z/-]+$/, allowed: 'a-z, 0-9, - and /' },
  { field: 'location', pattern: /^[0-9a-z-]+$/, allowed: 'a-z, 0-9 and -' },
  { field: 'accountId', pattern: /^[a-zA-Z0-9-]+$/, allowed: 'letters, digits and -' },
];

/** checks one address; returns the problem, or the address with its parsed interval */
export function checkZoneAddress(address: ZoneAddress): { readonly problem: string } | CheckedZoneAddress {
  switch (address.type) {
    case 'ipAddress':
    case 'ipRange':
    case 'subnet': {
      if (isUnresolved(address.value)) return { address };
      const parse = { ipAddress: parseIpAddress, ipRange: parseIpRange, subnet: parseSubnet }[address.type];
      const result = parse(address.value);
      if (result.ok) return { address, ip: result.value };
      // name the kind the value looks like when it was given the wrong one
      const other = parseIp(address.value);
      if (other.ok && other.value.kind !== address.type) {
        return { problem: `${show(address.value)} is ${withArticle(other.value.kind)}, not ${withArticle(address.type)}; give it type ${other.value.kind}` };
      }
      return { problem: result.message };
    }
    case 'vpc':
      if (!isUnresolved(address.value) && !VPC_CRN.test(address.value)) {
        return { problem: `${show(address.value)} is not a VPC CRN; expected crn:v1:<cloud>:<type>:is:<region>:a/<account>::vpc:<vpc id> (ibmcloud is vpc <name> shows it)` };
      }
      return { address };
    case 'serviceRef': {
      for (const { field, pattern, allowed } of REF_FIELDS) {
        const value = address[field];
        if (value === undefined || isUnresolved(value)) continue;
        if (value.length < 1 || value.length > 128 || !pattern.test(value)) {
          return { problem: `service reference ${field} ${show(value)} is not valid; use 1 to 128 of ${allowed}` };
        }
      }
      return { address };
    }
    default: {
      const type = (address as { type?: unknown }).type;
      return { problem: `${show(type)} is not an address type; use one of ${ZONE_ADDRESS_TYPES.join(', ')}` };
    }
  }
}

function withArticle(type: IpAddressType): string {
  return `${type === 'subnet' ? 'a' : 'an'} ${type}`;
}

/** the address as the provider's `addresses` block takes it, IP values in canonical form */
export function renderZoneAddress(checked: CheckedZoneAddress, zoneAccountId: string): CbrZoneAddressBlock {
  const { address } = checked;
  if (address.type !== 'serviceRef') return { type: address.type, value: checked.ip?.canonical ?? address.value };
  return {
    type: 'serviceRef',
    ref: {
      accountId: address.accountId ?? zoneAccountId,
      serviceName: address.serviceName,
      serviceType: address.serviceType,
      serviceInstance: address.serviceInstance,
      location: address.location,
    },
  };
}

/** how an address reads in messages */
export function describeZoneAddress(address: ZoneAddress): string {
  if (address.type !== 'serviceRef') return `${address.type} ${address.value}`;
  return `serviceRef ${address.serviceName}${address.location ? ` (${address.location})` : ''}`;
}
