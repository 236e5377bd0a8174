import { Construct, IConstruct } from 'constructs';
import { Annotations } from '../core/cdktf';
import { CbrZone, CbrZoneAddressBlock, CbrZoneAddresses } from '../core/ibm-bindings';
import { validateAccountId } from '../core/identifiers';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import { coveredBy, TOO_WIDE_FIX, tooWideProblem } from './ip';
import { checkZoneAddress, CheckedZoneAddress, describeZoneAddress, IP_ADDRESS_TYPES, IpZoneAddress, isIpAddressType, renderZoneAddress, ZoneAddress } from './zone-address';

/** A CBR network zone, made by this app or elsewhere. */
export interface INetworkZone extends IConstruct {
  /** the zone ID (32 hexadecimal characters): what rule contexts take as `networkZoneId` */
  readonly zoneId: string;
  /** the zone name when known: the IAM IP allowlist refers to zones by name */
  readonly zoneName: string | undefined;
  /** the addresses this app knows the zone to hold */
  readonly knownAddresses: readonly CheckedZoneAddress[];
  /** false when the zone was made elsewhere and may hold more than `knownAddresses` */
  readonly addressesComplete: boolean;
}

export interface NetworkZoneProps {
  /** the account that owns the zone (32 hexadecimal characters) */
  readonly accountId: string;
  /** 1 to 128 bytes of letters, digits, spaces, `-` and `_`; leave out spaces to list the zone in the IAM IP allowlist */
  readonly name: string;
  /**
   * Up to 300 bytes of printable Latin-1 characters.
   * @default - none
   */
  readonly description?: string;
  /**
   * What the zone holds, at most 1,000 entries. More can be added with `addAddresses`.
   * @default - none
   */
  readonly addresses?: readonly ZoneAddress[];
  /**
   * Addresses, ranges and subnets to leave out of the zone, each inside an included address.
   * @default - none
   */
  readonly excluded?: readonly IpZoneAddress[];
}

/** The attributes of a zone made elsewhere. */
export interface NetworkZoneAttributes {
  /** the zone ID (32 hexadecimal characters; `ibmcloud cbr zones` shows it) */
  readonly zoneId: string;
  /**
   * The zone name, needed to list the zone in the IAM IP allowlist.
   * @default - unknown
   */
  readonly name?: string;
}

/** IBM's limit on the addresses of one zone */
export const MAX_ZONE_ADDRESSES = 1000;
const ZONE_ID = /^[0-9a-f]{32}$/;
const ZONE_NAME = /^[a-zA-Z0-9 _-]+$/;
// The provider's description pattern: printable characters from space to þ, measured in UTF-8 bytes.
const DESCRIPTION = /^[\x20-\xFE]*$/;
export const MAX_DESCRIPTION_BYTES = 300;

/**
 * A context-based restriction network zone (`ibm_cbr_zone`): the places requests may come
 * from. Every address is checked per kind at synth time; exclusions must fall inside the
 * zone. The provider and IBM's own CBR module check neither.
 */
export class NetworkZone extends Construct implements INetworkZone {
  /** a zone made elsewhere, to use in rules or to add addresses to */
  public static fromZoneId(scope: Construct, id: string, attrs: NetworkZoneAttributes): INetworkZone {
    const problems: Problem[] = [];
    if (!isUnresolved(attrs.zoneId) && !ZONE_ID.test(attrs.zoneId)) {
      problems.push({ path: ['zoneId'], message: `${show(attrs.zoneId)} is not a zone ID; a zone ID is 32 hexadecimal characters (ibmcloud cbr zones lists them)` });
    }
    if (attrs.name !== undefined) problems.push(...validateZoneName(attrs.name));
    throwIfProblems(`NetworkZone.fromZoneId ${scope.node.path}/${id}`, problems);
    return new ImportedNetworkZone(scope, id, attrs);
  }

  public readonly zoneId: string;
  public readonly zoneName: string;
  public readonly addressesComplete = true;
  public readonly accountId: string;
  /** the Terraform resource, for escape hatches */
  public readonly resource: CbrZone;
  private readonly addresses: CheckedZoneAddress[] = [];
  private readonly excluded: CheckedZoneAddress[] = [];

  constructor(scope: Construct, id: string, props: NetworkZoneProps) {
    super(scope, id);
    // each address is parsed and checked once, here; every problem is reported at once
    const addresses = checkAddressList(props.addresses ?? [], [], 'addresses');
    const excluded = checkExclusions(props.excluded ?? [], [], addresses.accepted);
    throwIfProblems(this.subject, [...validateZoneSettings(props), ...addresses.problems, ...excluded.problems]);

    this.accountId = props.accountId;
    this.resource = new CbrZone(this, 'Resource', { accountId: props.accountId, name: props.name, description: props.description });
    this.zoneId = this.resource.id;
    this.zoneName = props.name;
    this.keep(this.addresses, addresses.accepted, (list) => this.resource.putAddresses(list));
    this.keep(this.excluded, excluded.accepted, (list) => this.resource.putExcluded(list));
    this.node.addValidation({
      validate: () => {
        if (this.addresses.length === 0) Annotations.of(this).addWarning('the zone holds no addresses, so a rule context that names it matches no request; add addresses');
        return [];
      },
    });
  }

  public get knownAddresses(): readonly CheckedZoneAddress[] {
    return [...this.addresses];
  }

  /** adds addresses; the zone holds at most 1,000 */
  public addAddresses(...addresses: ZoneAddress[]): void {
    const checked = checkAddressList(addresses, this.addresses, 'addresses');
    throwIfProblems(this.subject, checked.problems);
    this.keep(this.addresses, checked.accepted, (list) => this.resource.putAddresses(list));
  }

  /** leaves addresses, ranges or subnets out of the zone; each must fall inside an included address */
  public addExclusions(...excluded: IpZoneAddress[]): void {
    const checked = checkExclusions(excluded, this.excluded, this.addresses);
    throwIfProblems(this.subject, checked.problems);
    this.keep(this.excluded, checked.accepted, (list) => this.resource.putExcluded(list));
  }

  // checked addresses join the list, which is written to the resource in the provider's form
  private keep(list: CheckedZoneAddress[], accepted: readonly CheckedZoneAddress[], write: (rendered: CbrZoneAddressBlock[]) => void): void {
    if (accepted.length === 0) return;
    list.push(...accepted);
    write(list.map((each) => renderZoneAddress(each, this.accountId)));
  }

  private get subject(): string {
    return `NetworkZone ${this.node.path}`;
  }
}

class ImportedNetworkZone extends Construct implements INetworkZone {
  public readonly zoneId: string;
  public readonly zoneName: string | undefined;
  public readonly addressesComplete = false;
  private readonly added: CheckedZoneAddress[] = [];

  constructor(scope: Construct, id: string, attrs: NetworkZoneAttributes) {
    super(scope, id);
    this.zoneId = attrs.zoneId;
    this.zoneName = attrs.name;
  }

  public get knownAddresses(): readonly CheckedZoneAddress[] {
    return [...this.added];
  }

  /** @internal records what NetworkZoneAddresses appends */
  public _recordAdded(addresses: readonly CheckedZoneAddress[]): void {
    this.added.push(...addresses);
  }
}

export interface NetworkZoneAddressesProps {
  /** a zone made elsewhere (`NetworkZone.fromZoneId`); add to a zone of this app with `addAddresses` */
  readonly zone: INetworkZone;
  /**
   * The account of service references that do not name one.
   * @default - each service reference names its account
   */
  readonly accountId?: string;
  /** what to add */
  readonly addresses: readonly ZoneAddress[];
}

/**
 * Addresses appended to an existing zone (`ibm_cbr_zone_addresses`), for a zone that
 * another team or stack owns. Destroying it removes only these addresses.
 */
export class NetworkZoneAddresses extends Construct {
  /** the Terraform resource, for escape hatches */
  public readonly resource: CbrZoneAddresses;

  constructor(scope: Construct, id: string, props: NetworkZoneAddressesProps) {
    super(scope, id);
    const subject = `NetworkZoneAddresses ${this.node.path}`;
    if (props.zone instanceof NetworkZone) {
      // ibm_cbr_zone would remove the appended addresses on its next apply
      throwIfProblems(subject, [{ path: ['zone'], message: `${props.zone.node.path} is a zone of this app, whose ibm_cbr_zone would remove addresses appended to it; use zone.addAddresses(...) instead` }]);
    }
    const checked = checkAddressList(props.addresses, props.zone.knownAddresses, 'addresses');
    const problems = [...checked.problems];
    if (checked.accepted.length === 0 && problems.length === 0) problems.push({ path: ['addresses'], message: 'is empty; list the addresses to add to the zone' });
    checked.accepted.forEach((each, index) => {
      if (each.address.type === 'serviceRef' && each.address.accountId === undefined && props.accountId === undefined) {
        problems.push({ path: ['addresses', index], message: 'a service reference needs its account; set accountId on it or on NetworkZoneAddresses' });
      }
    });
    throwIfProblems(subject, problems);
    this.resource = new CbrZoneAddresses(this, 'Resource', {
      zoneId: props.zone.zoneId,
      addresses: checked.accepted.map((each) => renderZoneAddress(each, props.accountId ?? '')),
    });
    if (props.zone instanceof ImportedNetworkZone) props.zone._recordAdded(checked.accepted);
  }
}

/** the zone's own settings (name, description, account); its addresses are checked as they are added */
function validateZoneSettings(props: Pick<NetworkZoneProps, 'name' | 'description' | 'accountId'>): Problem[] {
  return [...validateCbrDescription(props.description), ...validateZoneName(props.name), ...validateAccountId(props.accountId, ' (ibmcloud target shows it)')];
}

/** checks exclusions: IP kinds only, each inside the union of the included IP entries */
function checkExclusions(
  excluded: readonly ZoneAddress[],
  existing: readonly CheckedZoneAddress[],
  included: readonly CheckedZoneAddress[],
): { readonly accepted: CheckedZoneAddress[]; readonly problems: Problem[] } {
  const checked = checkAddressList(excluded, existing, 'excluded');
  const problems = [...checked.problems];
  const intervals = included.flatMap((each) => (each.ip ? [each.ip] : []));
  // an included value only known at apply time may hold any exclusion
  const includedUnknown = included.some((each) => isIpAddressType(each.address.type) && each.ip === undefined);
  checked.accepted.forEach((each, index) => {
    const path = ['excluded', existing.length + index];
    if (!isIpAddressType(each.address.type)) {
      problems.push({ path, message: `${describeZoneAddress(each.address)} cannot be excluded; only ${IP_ADDRESS_TYPES.join(', ')} can` });
    } else if (each.ip && !includedUnknown && !coveredBy(each.ip, intervals)) {
      problems.push({ path, message: `${show(each.ip.canonical)} is not inside the zone's addresses, so excluding it changes nothing; exclude only part of an included address, range or subnet` });
    }
  });
  return { accepted: checked.accepted, problems };
}

/** checks new addresses against each other, against those already held and against the zone limit */
function checkAddressList(
  addresses: readonly ZoneAddress[],
  existing: readonly CheckedZoneAddress[],
  field: string,
): { readonly accepted: CheckedZoneAddress[]; readonly problems: Problem[] } {
  const problems: Problem[] = [];
  const accepted: CheckedZoneAddress[] = [];
  const seen = new Set(existing.map(identityOf));
  addresses.forEach((address, index) => {
    const path = [field, existing.length + index];
    const result = checkZoneAddress(address);
    if ('problem' in result) {
      problems.push({ path, message: result.problem });
      return;
    }
    const wide = field === 'addresses' && result.ip ? tooWideProblem(result.ip) : undefined;
    if (wide) {
      problems.push({ path, message: tooWideMessage(address, wide) });
      return;
    }
    const key = identityOf(result);
    if (seen.has(key)) {
      problems.push({ path, message: `${describeZoneAddress(address)} is listed twice` });
      return;
    }
    seen.add(key);
    accepted.push(result);
  });
  const total = existing.length + accepted.length;
  if (field === 'addresses' && total > MAX_ZONE_ADDRESSES) {
    problems.push({ path: [field], message: `holds ${total} entries, more than the ${MAX_ZONE_ADDRESSES} IBM allows in one zone; merge addresses into ranges or subnets, or split them over several zones` });
  }
  return { accepted, problems };
}

/** a zone or allowlist entry that restricts almost nothing, and what to list instead */
export function tooWideMessage(address: ZoneAddress | string, problem: string): string {
  const value = typeof address === 'string' ? address : 'value' in address ? address.value : describeZoneAddress(address);
  return `${show(value)} is too wide to restrict anything: ${problem}; ${TOO_WIDE_FIX}`;
}

function identityOf(checked: CheckedZoneAddress): string {
  const { address } = checked;
  if (checked.ip) return `${checked.ip.family}:${checked.ip.first}-${checked.ip.last}`;
  return JSON.stringify(address);
}

export function validateZoneName(name: string): Problem[] {
  if (isUnresolved(name)) return [];
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes < 1 || bytes > 128 || !ZONE_NAME.test(name)) {
    return [{ path: ['name'], message: `${show(name)} is not a zone name; use 1 to 128 letters, digits, spaces, - and _` }];
  }
  return [];
}

/** the CBR description rule shared by zones and rules: printable Latin-1, at most 300 bytes of UTF-8 */
export function validateCbrDescription(description: string | undefined): Problem[] {
  if (description === undefined || isUnresolved(description)) return [];
  if (!DESCRIPTION.test(description)) {
    return [{ path: ['description'], message: 'has characters CBR does not accept; use printable characters from space to þ (no line breaks, no emoji)' }];
  }
  const bytes = Buffer.byteLength(description, 'utf8');
  if (bytes > MAX_DESCRIPTION_BYTES) {
    return [{ path: ['description'], message: `is ${bytes} bytes long (UTF-8); CBR accepts at most ${MAX_DESCRIPTION_BYTES}: shorten it` }];
  }
  return [];
}
