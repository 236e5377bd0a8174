import { Construct, IConstruct } from 'constructs';
import { Annotations, TerraformStack } from '../core/cdktf';
import { isUnresolved, Problem, show, throwIfProblems } from '../core/validation';
import { ApiKey } from '../iam/api-key';
import type { IIamIdentity } from '../iam/identity';
import { SecretsManagerApiKey } from '../iam/secrets-manager-api-key';
import { CLOUDANT_SERVICE_NAME } from '../cloudant/plans';
import { isEveryAddress, nonPublicPart, parseIp, tooWideProblem } from './ip';
import { INetworkZone, NetworkZone, tooWideMessage, validateZoneName } from './network-zone';
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
  /**
   * Where the service IDs whose API keys this stack creates obtain their tokens: zones, which
   * join the allowlist, or a reason they need none here. In restrict mode every service ID
   * with keys not covered here (or by the Cloudant zone, for replication keys) is a warning.
   * @default - none
   */
  readonly keyHolders?: readonly KeyHolderSource[];
}

/** Where one identity's API keys are exchanged for IAM tokens. */
export interface KeyHolderSource {
  /** the service ID whose keys these are */
  readonly identity: IIamIdentity;
  /**
   * The zones it calls IAM from; they are added to the allowlist.
   * @default - none; then reason is required
   */
  readonly zones?: readonly INetworkZone[];
  /**
   * Why the allowlist needs nothing for it (for example, its addresses are in `addresses`).
   * @default - none; then zones are required
   */
  readonly reason?: string;
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
  private readonly keyHolders: readonly KeyHolderSource[];

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
    const holderZones = checkKeyHolders(props.keyHolders ?? [], problems);
    // a key holder's zone may already be listed: it is listed once
    const listedZones = new Set([...zones, ...deployerZones].map((z) => z.label));
    const extraZones: typeof holderZones = [];
    for (const zone of holderZones) {
      if (listedZones.has(zone.label)) continue;
      listedZones.add(zone.label);
      extraZones.push(zone);
    }

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
      ...extraZones.map((z) => z.reference),
      ...(this.cloudantServiceZone ? [this.cloudantServiceZone.resource.name] : []),
    ];
    this.value = `${mode === 'monitor' ? '?' : ''}${entries.join(', ')}`;
    this.keyHolders = [...(props.keyHolders ?? [])];
    this.node.addValidation({
      validate: () => {
        if (this.mode === 'restrict') for (const warning of this.uncoveredKeyWarnings()) Annotations.of(this).addWarning(warning);
        return [];
      },
    });
  }

  // The allowlist applies to every API key of the account: a service ID whose keys this
  // stack makes, with nothing saying where it obtains tokens, may be cut off by it.
  private uncoveredKeyWarnings(): string[] {
    const covered = new Set<IConstruct>(this.keyHolders.map((holder) => holder.identity));
    const keysByIdentity = new Map<IConstruct, (ApiKey | SecretsManagerApiKey)[]>();
    for (const each of TerraformStack.of(this).node.findAll()) {
      if (!(each instanceof ApiKey || each instanceof SecretsManagerApiKey)) continue;
      const identity = each.serviceIdentity;
      keysByIdentity.set(identity, [...(keysByIdentity.get(identity) ?? []), each]);
    }
    const warnings: string[] = [];
    for (const [identity, keys] of keysByIdentity) {
      if (covered.has(identity)) continue;
      // Cloudant's replicator exchanges replication keys from Cloudant's network: its zone covers them
      const serviceKeys = keys.every((key) => key instanceof ApiKey && key.exchangedByService === CLOUDANT_SERVICE_NAME);
      if (serviceKeys && this.cloudantServiceZone) continue;
      const names = keys.map((key) => key.node.id).join(', ');
      const where = serviceKeys
        ? 'Cloudant\'s replicator exchanges them from Cloudant\'s own network, and the allowlist has no zone for the Cloudant service (allowCloudantService is off)'
        : 'nothing in the IAM IP allowlist says where it obtains tokens';
      warnings.push(
        `service ID ${identity.node.path} has API keys (${names}), and ${where}: in restrict mode IAM refuses it tokens from any other address within 60 minutes of the change (tokens issued before stay valid until they expire, at most 60 minutes); name the zones it calls IAM from, or say why it needs none, in keyHolders (network.ipAllowlist.keyHolders in an environment file)`,
      );
    }
    return warnings;
  }
}

/** each key holder: an identity given once, with zones or a reason */
function checkKeyHolders(holders: readonly KeyHolderSource[], problems: Problem[]): { label: string; reference: string }[] {
  const seen = new Set<IConstruct>();
  return holders.flatMap((holder, index) => {
    const path = ['keyHolders', index];
    if (seen.has(holder.identity)) problems.push({ path: [...path, 'identity'], message: `${holder.identity.node.path} is listed twice; list each identity once` });
    seen.add(holder.identity);
    const reason = holder.reason;
    if (reason !== undefined && reason.trim().length < MIN_REASON_LENGTH) {
      problems.push({ path: [...path, 'reason'], message: `${show(reason)} is too short to explain anything; give a reason of at least ${MIN_REASON_LENGTH} characters` });
    }
    if ((holder.zones ?? []).length === 0 && reason === undefined) {
      problems.push({ path, message: `names no zone and no reason for ${holder.identity.node.path}; list the zones it calls IAM from, or say why it needs none` });
    }
    return checkZones(holder.zones ?? [], [...path, 'zones'], problems);
  });
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
    // every address reaches into private blocks too; saying it is every address is clearer
    const privatePart = isEveryAddress(parsed.value) ? undefined : nonPublicPart(parsed.value);
    if (privatePart) {
      problems.push({ path: [field, index], message: `${show(address)} reaches into ${privatePart}; the IAM allowlist takes public addresses only, as seen by IBM Cloud: list the public egress address` });
      return [];
    }
    const wide = tooWideProblem(parsed.value);
    if (wide) {
      problems.push({ path: [field, index], message: tooWideMessage(address, wide) });
      return [];
    }
    return [parsed.value.kind === 'ipRange' ? parsed.value.canonical.replace('-', ' - ') : parsed.value.canonical];
  });
}

/** zones by name; the name of a zone of this app is a reference, so the zone is made first */
function checkZones(zones: readonly INetworkZone[], field: string | readonly (string | number)[], problems: Problem[]): { label: string; reference: string }[] {
  const prefix = typeof field === 'string' ? [field] : field;
  return zones.flatMap((zone, index) => {
    const name = zone.zoneName;
    if (name === undefined) {
      problems.push({ path: [...prefix, index], message: `zone ${zone.node.path} has no known name, and the allowlist lists zones by name; pass name to NetworkZone.fromZoneId` });
      return [];
    }
    if (!isUnresolved(name) && name.includes(' ')) {
      problems.push({ path: [...prefix, index], message: `zone ${show(name)} has spaces in its name, and the allowlist is a comma-separated list of names; rename the zone with - or _ instead of spaces` });
      return [];
    }
    const privateAddress = zone.knownAddresses.find((each) => each.ip && nonPublicPart(each.ip));
    if (privateAddress) {
      problems.push({
        path: [...prefix, index],
        message: `zone ${zone.node.path} holds ${privateAddress.ip!.canonical}, which reaches into ${nonPublicPart(privateAddress.ip!)}; the IAM allowlist takes public addresses only, as IBM Cloud sees them, and refuses such a zone: list a zone of public egress addresses (or VPCs) instead`,
      });
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
