import { Construct } from 'constructs';
import { Annotations } from '../core/cdktf';
import { CbrRule, CbrRuleContextBlock } from '../core/ibm-bindings';
import { crnAccountId, validateAccountId } from '../core/identifiers';
import { isUnresolved, Problem, show, throwIfProblems, within } from '../core/validation';
import { DataPlaneRestrictions, IDataPlaneRestriction } from '../cloudant/data-plane';
import type { ICloudantInstance } from '../cloudant/instance-ref';
import { CLOUDANT_SERVICE_NAME, cloudantGeneration, CloudantPlan, ServiceEndpoints } from '../cloudant/plans';
import { INetworkZone, validateCbrDescription } from './network-zone';
import { CheckedZoneAddress, describeZoneAddress, isIpAddressType } from './zone-address';

/**
 * The endpoints a request to Cloudant arrives on. CBR also knows `direct`, but Cloudant
 * serves public and private endpoints only, so a `direct` context would never match.
 */
export const CLOUDANT_ENDPOINT_TYPES = ['public', 'private'] as const;
export type CloudantEndpointType = (typeof CLOUDANT_ENDPOINT_TYPES)[number];

/** Cloudant rules are enforced or not; IBM offers no report-only mode for Cloudant. */
export const CLOUDANT_RULE_ENFORCEMENTS = ['enabled', 'disabled'] as const;
export type CloudantRuleEnforcement = (typeof CLOUDANT_RULE_ENFORCEMENTS)[number];

/** The only API type Cloudant rules may cover; Cloudant rejects every other. */
export const CBR_DATA_PLANE_API_TYPE = 'crn:v1:bluemix:public:context-based-restrictions::::api-type:data-plane';

/** Cloudant's limit on IP addresses, ranges and subnets per endpoint type in one rule */
export const CLOUDANT_RULE_MAX_IP_ENTRIES = 2000;

/** Where requests may come from: any of the zones, on any of the endpoint types. */
export interface NetworkRuleContext {
  /** the zones; a request from any of them matches */
  readonly zones: readonly INetworkZone[];
  /**
   * The endpoints the requests may arrive on.
   * @default - every endpoint type
   */
  readonly endpointTypes?: readonly CloudantEndpointType[];
}

export interface CloudantNetworkRuleProps {
  /** the instance to protect; it must be Gen 2 (plan standard-gen2) */
  readonly instance: ICloudantInstance;
  /**
   * `enabled` blocks every data-plane request that no context allows; `disabled` stages the
   * rule without effect. Cloudant has no report mode.
   * @default 'enabled'
   */
  readonly enforcement?: CloudantRuleEnforcement;
  /**
   * Shown in the console, where rules have no name; up to 300 bytes of printable Latin-1.
   * @default - names the instance
   */
  readonly description?: string;
  /**
   * The account of the instance.
   * @default - read from the instance CRN
   */
  readonly accountId?: string;
  /**
   * Contexts that may reach the instance. More can be added with `allow`.
   * @default - none, and a rule without a context is refused at synth
   */
  readonly allow?: readonly NetworkRuleContext[];
}

/**
 * A context-based restriction rule (`ibm_cbr_rule`) on the data plane of one Cloudant Gen 2
 * instance: `accountId`, `serviceName` and `serviceInstance` (the GUID) with `stringEquals`,
 * and the data-plane API type, the only one Cloudant accepts.
 *
 * Refused at synth: Gen 1 instances, report mode, zones with service references, more than
 * 2,000 IP entries per endpoint type. IPv6 addresses, which Cloudant ignores, are a warning.
 */
export class CloudantNetworkRule extends Construct implements IDataPlaneRestriction {
  /** the rules of this app on an instance, for checks by what else uses the instance */
  public static rulesOn(instance: ICloudantInstance): readonly CloudantNetworkRule[] {
    return DataPlaneRestrictions.of(instance).all.filter((each): each is CloudantNetworkRule => each instanceof CloudantNetworkRule);
  }

  /** the Terraform resource, for escape hatches */
  public readonly resource: CbrRule;
  public readonly instance: ICloudantInstance;
  public readonly enforcement: CloudantRuleEnforcement;
  private readonly contexts: NetworkRuleContext[] = [];

  constructor(scope: Construct, id: string, props: CloudantNetworkRuleProps) {
    super(scope, id);
    const { instance } = props;
    const problems: Problem[] = [...validateCloudantRuleEnforcement(props.enforcement), ...validateCbrDescription(props.description)];
    problems.push(...validateCloudantRuleInstance(instance.node.path, instance.plan).map((p) => ({ ...p, path: ['instance'] })));
    const accountProblems = validateAccountId(props.accountId);
    problems.push(...accountProblems);
    if (props.accountId !== undefined && !isUnresolved(props.accountId) && accountProblems.length === 0) {
      const crnAccount = isUnresolved(instance.crn) ? undefined : crnAccountId(instance.crn);
      if (crnAccount !== undefined && crnAccount !== props.accountId) {
        problems.push({ path: ['accountId'], message: `${show(props.accountId)} is not the account of ${instance.node.path} (${crnAccount}, from its CRN); a rule protects instances of its own account: leave accountId out to read it from the CRN` });
      }
    }
    throwIfProblems(this.subject, problems);

    this.instance = instance;
    this.enforcement = props.enforcement ?? 'enabled';
    DataPlaneRestrictions.of(instance).add(this);
    const attribute = (name: string, value: string) => ({ name, value, operator: 'stringEquals' });
    this.resource = new CbrRule(this, 'Resource', {
      description: props.description ?? `Data-plane access to Cloudant instance ${instance.node.id} (ibm-data-guard)`,
      enforcementMode: this.enforcement,
      resources: [
        {
          attributes: [
            attribute('accountId', props.accountId ?? crnAccountId(instance.crn)),
            attribute('serviceName', CLOUDANT_SERVICE_NAME),
            attribute('serviceInstance', instance.guid),
          ],
        },
      ],
      operations: { apiTypes: [{ apiTypeId: CBR_DATA_PLANE_API_TYPE }] },
    });
    props.allow?.forEach((context) => this.allow(context.zones, context.endpointTypes));

    this.node.addValidation({
      validate: () => {
        if (this.contexts.length === 0) return ['the rule allows no context, so it would block every data-plane request; allow at least one zone with allow(...)'];
        const errors = this.limitProblems().map((p) => p.message);
        if (this.enforcement === 'enabled') errors.push(...this.blockEverythingProblems());
        else for (const warning of this.ipv6Warnings()) Annotations.of(this).addWarning(warning);
        return errors;
      },
    });
  }

  /** allows requests from any of the zones, on the given endpoint types (default: every type) */
  public allow(zones: readonly INetworkZone[], endpointTypes?: readonly CloudantEndpointType[]): void {
    const path = ['allow', this.contexts.length];
    const problems: Problem[] = [];
    if (zones.length === 0) problems.push({ path: [...path, 'zones'], message: 'is empty; name at least one zone' });
    zones.forEach((zone, index) => {
      const ref = zone.knownAddresses.find((each) => each.address.type === 'serviceRef');
      if (ref) {
        problems.push({
          path: [...path, 'zones', index],
          message: `zone ${zone.node.path} holds a service reference (${describeZoneAddress(ref.address)}), and IBM refuses rules that protect Cloudant through a zone with service references; use a zone of addresses, ranges, subnets and VPCs only`,
        });
      }
    });
    problems.push(...within([...path, 'endpointTypes'], validateCloudantEndpointTypes(endpointTypes)));
    throwIfProblems(this.subject, problems);

    this.contexts.push({ zones: [...zones], endpointTypes: endpointTypes ? [...endpointTypes] : undefined });
    throwIfProblems(this.subject, this.limitProblems());
    this.resource.putContexts(this.contexts.flatMap(renderContexts));
  }

  /** the IP entries the rule allows per endpoint type, each zone counted once */
  public ipEntriesPerEndpointType(): Record<CloudantEndpointType, number> {
    const counts = { public: 0, private: 0 };
    for (const type of CLOUDANT_ENDPOINT_TYPES) {
      const zones = new Set(this.contexts.filter((c) => c.endpointTypes === undefined || c.endpointTypes.includes(type)).flatMap((c) => c.zones));
      counts[type] = [...zones].reduce((sum, zone) => sum + zone.knownAddresses.filter((each) => isIpAddressType(each.address.type)).length, 0);
    }
    return counts;
  }

  private limitProblems(): Problem[] {
    return Object.entries(this.ipEntriesPerEndpointType())
      .filter(([, count]) => count > CLOUDANT_RULE_MAX_IP_ENTRIES)
      .map(([type, count]) => ({
        path: ['allow'],
        message: `allows ${count} IP addresses, ranges and subnets on the ${type} endpoint, more than the ${CLOUDANT_RULE_MAX_IP_ENTRIES} Cloudant accepts per endpoint type in one rule; merge them into wider ranges or subnets`,
      }));
  }

  public enforcedEndpointTypes(): readonly CloudantEndpointType[] | undefined {
    return this.enforcement === 'enabled' ? this.allowedEndpointTypes() : undefined;
  }

  /** the endpoint types some context of the rule allows requests on */
  public allowedEndpointTypes(): readonly CloudantEndpointType[] {
    return CLOUDANT_ENDPOINT_TYPES.filter((type) => this.contexts.some((c) => c.endpointTypes === undefined || c.endpointTypes.includes(type)));
  }

  private zonesAllowed(): RuleZone[] {
    return [...new Set(this.contexts.flatMap((c) => c.zones))].map((zone) => ({ label: zone.node.path, addresses: zone.knownAddresses, complete: zone.addressesComplete }));
  }

  // an enabled rule that no request can pass is an outage, not a restriction
  private blockEverythingProblems(): string[] {
    const problems: string[] = [];
    const served = this.instance.serviceEndpoints;
    if (served !== undefined) {
      const problem = servedEndpointProblem(this.instance.node.path, served, this.allowedEndpointTypes());
      if (problem) problems.push(problem);
    }
    const ipv6 = ipv6OnlyProblem(this.zonesAllowed());
    if (ipv6) problems.push(ipv6);
    else for (const warning of this.ipv6Warnings()) Annotations.of(this).addWarning(warning);
    return problems;
  }

  private ipv6Warnings(): string[] {
    return this.zonesAllowed().flatMap((zone) => {
      const ipv6 = ipv6Of(zone);
      return ipv6.length === 0 ? [] : [`zone ${zone.label} holds IPv6 addresses (${ipv6.join(', ')}), which Cloudant ignores: they allow nothing through this rule`];
    });
  }

  private get subject(): string {
    return `CloudantNetworkRule ${this.node.path}`;
  }
}

/** a zone as the rule checks see it: a label for messages, the addresses known, whether that is all of them */
export interface RuleZone {
  readonly label: string;
  readonly addresses: readonly CheckedZoneAddress[];
  readonly complete: boolean;
}

function ipv6Of(zone: RuleZone): string[] {
  return zone.addresses.filter((each) => each.ip?.family === 6).map((each) => each.ip!.canonical);
}

/**
 * Cloudant ignores IPv6 addresses, so an enabled rule whose zones hold nothing else blocks
 * every request: refused, as a rule with no zone is. Zones made elsewhere may hold more.
 */
export function ipv6OnlyProblem(zones: readonly RuleZone[]): string | undefined {
  if (zones.length === 0 || zones.some((zone) => !zone.complete || zone.addresses.length === 0)) return undefined;
  const onlyIpv6 = zones.every((zone) => zone.addresses.every((each) => each.ip?.family === 6));
  if (!onlyIpv6) return undefined;
  const listed = zones.map((zone) => `${zone.label}: ${ipv6Of(zone).join(', ')}`).join('; ');
  return `every zone the rule allows holds only IPv6 addresses (${listed}), which Cloudant ignores, so the enabled rule would block every data-plane request; add the IPv4 addresses, subnets or VPCs that need access, or set enforcement to disabled`;
}

/** an enabled rule that allows only endpoint types the instance does not serve blocks every request */
export function servedEndpointProblem(instanceLabel: string, served: ServiceEndpoints, allowed: readonly CloudantEndpointType[]): string | undefined {
  const offered: readonly CloudantEndpointType[] = served === 'public-and-private' ? CLOUDANT_ENDPOINT_TYPES : [served];
  if (allowed.some((type) => offered.includes(type))) return undefined;
  return `the rule allows requests on ${allowed.join(' and ')} endpoints only, and ${instanceLabel} serves only ${served} endpoints (serviceEndpoints: ${served}), so the enabled rule would block every data-plane request; allow ${offered.join(' or ')} endpoints, or change the instance's serviceEndpoints`;
}

/** one provider context per endpoint type: the attributes of a context are ANDed, contexts are ORed */
function renderContexts(context: NetworkRuleContext): CbrRuleContextBlock[] {
  const zoneIds = { name: 'networkZoneId', value: context.zones.map((zone) => zone.zoneId).join(',') };
  if (context.endpointTypes === undefined) return [{ attributes: [zoneIds] }];
  return context.endpointTypes.map((type) => ({ attributes: [zoneIds, { name: 'endpointType', value: type }] }));
}

/** CBR protects Cloudant Gen 2 only; the label names the instance in the message */
export function validateCloudantRuleInstance(label: string, plan: CloudantPlan): Problem[] {
  if (cloudantGeneration(plan) === 2) return [];
  return [
    {
      path: [],
      message: `${label} is plan ${plan} (Cloudant Gen 1), and context-based restrictions protect only Gen 2 instances (plan standard-gen2); for Gen 1, limit where IAM tokens can be obtained with the IAM IP allowlist (IamIpAllowlist, or network.ipAllowlist in an environment file), or move the data to a standard-gen2 instance`,
    },
  ];
}

/** the endpoint types of one context: Cloudant's two, each once, or left out for both */
export function validateCloudantEndpointTypes(endpointTypes: readonly string[] | undefined): Problem[] {
  if (endpointTypes === undefined) return [];
  if (endpointTypes.length === 0) return [{ path: [], message: 'is empty; leave it out to allow every endpoint type' }];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  endpointTypes.forEach((type, index) => {
    if (type === 'direct') {
      problems.push({ path: [index], message: '"direct" is not an endpoint Cloudant serves: Cloudant has public and private endpoints only, so a direct context never matches a request; use private for traffic from IBM Cloud networks' });
    } else if (!(CLOUDANT_ENDPOINT_TYPES as readonly string[]).includes(type)) {
      problems.push({ path: [index], message: `${show(type)} is not an endpoint type of Cloudant; use ${CLOUDANT_ENDPOINT_TYPES.join(' or ')}` });
    } else if (seen.has(type)) {
      problems.push({ path: [index], message: `${show(type)} is listed twice` });
    }
    seen.add(type);
  });
  return problems;
}

export function validateCloudantRuleEnforcement(enforcement: string | undefined): Problem[] {
  if (enforcement === undefined || (CLOUDANT_RULE_ENFORCEMENTS as readonly string[]).includes(enforcement)) return [];
  if (enforcement === 'report') {
    return [{ path: ['enforcement'], message: '"report" is not available for Cloudant: IBM offers no report-only mode for Cloudant rules; use disabled to stage the rule without enforcing it, then enabled' }];
  }
  return [{ path: ['enforcement'], message: `${show(enforcement)} is not an enforcement mode for Cloudant; use enabled or disabled` }];
}
