import { Construct } from 'constructs';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import { CLOUDANT_SERVICE_NAME } from '../cloudant/plans';
import { nonPublicPart, parseIp } from './ip';
import { INetworkZone, NetworkZone, validateZoneName } from './network-zone';
import { ZoneAddress } from './zone-address';

/** `restrict` refuses IAM tokens to other addresses; `monitor` only logs them (IBM's `?` prefix). */
export const IAM_ALLOWLIST_MODES = ['restrict', 'monitor'] as const;
export type IamAllowlistMode = (typeof IAM_ALLOWLIST_MODES)[number];

/** What `ibm_iam_account_settings.allowed_ip_addresses` is set to. */
export interface IIamIpAllowlist {
  /** the comma-separated list, `?`-prefixed in monitor mode; empty for no allowlist */
  readonly value: string;
  /** undefined when there is no allowlist */
  readonly mode: IamAllowlistMode | undefined;
}

export interface IamIpAllowlistProps {
  /** the account, for the zone that references the Cloudant service */
  readonly accountId: string;
  /**
   * `monitor` logs token requests from other addresses to Activity Tracker without refusing
   * them: run it first, read the events, then switch to `restrict`.
   * @default 'restrict'
   */
  readonly mode?: IamAllowlistMode;
  /**
   * Public addresses, ranges (`first-last`) and subnets, IPv4 or IPv6.
   * @default - none
   */
  readonly addresses?: readonly string[];
  /**
   * CBR zones, listed by name (names without spaces).
   * @default - none
   */
  readonly zones?: readonly INetworkZone[];
  /**
   * The egress addresses of whoever runs Terraform (CI runners, operators). Without them a
   * `restrict` allowlist locks Terraform out, and only IBM support can lift it.
   * @default - none; then deployerZones or deployersNotListedReason is required in restrict mode
   */
  readonly deployerAddresses?: readonly string[];
  /**
   * Zones holding the addresses of whoever runs Terraform.
   * @default - none
   */
  readonly deployerZones?: readonly INetworkZone[];
  /**
   * Why the deployers are not listed (for example, they are inside `addresses`). Needed in
   * restrict mode when neither deployerAddresses nor deployerZones is given.
   * @default - none
   */
  readonly deployersNotListedReason?: string;
  /**
   * Add a zone that references the Cloudant service, as IBM's Cloudant docs require: Cloudant
   * obtains IAM tokens itself, for example for replications that authenticate with API keys.
   * @default true
   */
  readonly allowCloudantService?: boolean;
  /**
   * The name of that zone.
   * @default 'cloudant-service'
   */
  readonly cloudantServiceZoneName?: string;
}

const MIN_REASON_LENGTH = 10;

/**
 * The account's IAM IP allowlist: where users and service IDs may obtain IAM tokens with
 * their API keys. It applies when a token is issued, so tokens issued before a change stay
 * valid for up to 60 minutes. Give it to `AccountSecurity`, which writes it into the
 * account settings.
 */
export class IamIpAllowlist extends Construct implements IIamIpAllowlist {
  /** no allowlist: sets `allowed_ip_addresses` to empty, which clears a list set elsewhere */
  public static readonly NONE: IIamIpAllowlist = { value: '', mode: undefined };

  public readonly value: string;
  public readonly mode: IamAllowlistMode;
  /** the zone that references Cloudant, when allowCloudantService is on */
  public readonly cloudantServiceZone: NetworkZone | undefined;

  constructor(scope: Construct, id: string, props: IamIpAllowlistProps) {
    super(scope, id);
    const mode = props.mode ?? 'restrict';
    const problems: Problem[] = [];
    if (!(IAM_ALLOWLIST_MODES as readonly string[]).includes(mode)) {
      problems.push({ path: ['mode'], message: `${show(mode)} is not an allowlist mode; use restrict or monitor` });
    }
    const addresses = checkAddresses(props.addresses ?? [], 'addresses', problems);
    const deployerAddresses = checkAddresses(props.deployerAddresses ?? [], 'deployerAddresses', problems);
    const zones = checkZones(props.zones ?? [], 'zones', problems);
    const deployerZones = checkZones(props.deployerZones ?? [], 'deployerZones', problems);
    problems.push(...checkDuplicates([...deployerAddresses, ...addresses, ...zones.map((z) => z.label), ...deployerZones.map((z) => z.label)]));

    // counted as given, so a refused entry is not reported a second time as missing
    const given = (list: readonly unknown[] | undefined) => list?.length ?? 0;
    const deployersListed = given(props.deployerAddresses) + given(props.deployerZones) > 0;
    const reason = props.deployersNotListedReason;
    if (reason !== undefined && deployersListed) {
      problems.push({ path: ['deployersNotListedReason'], message: 'the deployers are listed; remove deployersNotListedReason' });
    } else if (reason !== undefined && reason.trim().length < MIN_REASON_LENGTH) {
      problems.push({ path: ['deployersNotListedReason'], message: `${show(reason)} is too short to explain anything; give a reason of at least ${MIN_REASON_LENGTH} characters` });
    } else if (mode === 'restrict' && !deployersListed && reason === undefined) {
      problems.push({
        path: ['deployerAddresses'],
        message: 'is missing: list the egress addresses (or zones) of whoever runs Terraform, because an allowlist that leaves them out locks Terraform out of the account and only IBM support can lift it; or say why in deployersNotListedReason',
      });
    }
    if (!deployersListed && given(props.addresses) + given(props.zones) === 0) {
      problems.push({ path: [], message: 'lists no address and no zone, which would let no user obtain a token; list addresses, or use IamIpAllowlist.NONE for no allowlist' });
    }
    if (props.cloudantServiceZoneName !== undefined) {
      problems.push(...validateZoneName(props.cloudantServiceZoneName).map((p) => ({ ...p, path: ['cloudantServiceZoneName'] })));
      if (!isUnresolved(props.cloudantServiceZoneName) && props.cloudantServiceZoneName.includes(' ')) {
        problems.push({ path: ['cloudantServiceZoneName'], message: `${show(props.cloudantServiceZoneName)} has spaces, and the allowlist is a comma-separated list of names; use - or _ instead` });
      }
    }
    throwIfProblems(`IamIpAllowlist ${this.node.path}`, problems);

    this.mode = mode;
    this.cloudantServiceZone =
      props.allowCloudantService === false
        ? undefined
        : new NetworkZone(this, 'cloudant-service', {
            accountId: props.accountId,
            name: props.cloudantServiceZoneName ?? 'cloudant-service',
            description: 'The Cloudant service, so its own IAM token requests (replication with API keys) pass the IAM IP allowlist',
            addresses: [ZoneAddress.serviceRef({ serviceName: CLOUDANT_SERVICE_NAME })],
          });
    const entries = [
      ...deployerAddresses,
      ...deployerZones.map((z) => z.reference),
      ...addresses,
      ...zones.map((z) => z.reference),
      ...(this.cloudantServiceZone ? [this.cloudantServiceZone.resource.name] : []),
    ];
    this.value = `${mode === 'monitor' ? '?' : ''}${entries.join(', ')}`;
  }
}

/** each address in IBM's allowlist form: public only, ranges as `first - last` */
function checkAddresses(addresses: readonly string[], field: string, problems: Problem[]): string[] {
  return addresses.flatMap((address, index) => {
    if (isUnresolved(address)) return [address];
    const parsed = parseIp(address);
    if (!parsed.ok) {
      problems.push({ path: [field, index], message: parsed.message });
      return [];
    }
    const privatePart = nonPublicPart(parsed.value);
    if (privatePart) {
      problems.push({ path: [field, index], message: `${show(address)} reaches into ${privatePart}; the IAM allowlist takes public addresses only, as seen by IBM Cloud: list the public egress address` });
      return [];
    }
    return [parsed.value.kind === 'ipRange' ? parsed.value.canonical.replace('-', ' - ') : parsed.value.canonical];
  });
}

/** zones by name; the name of a zone of this app is a reference, so the zone is made first */
function checkZones(zones: readonly INetworkZone[], field: string, problems: Problem[]): { label: string; reference: string }[] {
  return zones.flatMap((zone, index) => {
    const name = zone.zoneName;
    if (name === undefined) {
      problems.push({ path: [field, index], message: `zone ${zone.node.path} has no known name, and the allowlist lists zones by name; pass name to NetworkZone.fromZoneId` });
      return [];
    }
    if (!isUnresolved(name) && name.includes(' ')) {
      problems.push({ path: [field, index], message: `zone ${show(name)} has spaces in its name, and the allowlist is a comma-separated list of names; rename the zone with - or _ instead of spaces` });
      return [];
    }
    return [{ label: name, reference: zone instanceof NetworkZone ? zone.resource.name : name }];
  });
}

function checkDuplicates(entries: readonly string[]): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const entry of entries) {
    if (seen.has(entry)) problems.push({ path: [], message: `${show(entry)} is listed twice` });
    seen.add(entry);
  }
  return problems;
}
