import type { CheckedConfiguration, CheckedElement } from '../../configuration';
import { found, GuardrailRule } from '../../rule';
import { blocks } from '../values';
import { isCloudantRule, ruleZones } from './cloudant-rules';

export const cloudantRuleServiceReferenceZone: GuardrailRule = {
  id: 'IBM-NET-6',
  level: 'error',
  types: ['ibm_cbr_rule'],
  title: 'Cloudant network rule using a zone with service references',
  finding: 'a zone of the Cloudant network rule holds a service reference, which rules that target Cloudant may not use',
  fix: 'keep service references (serviceRef) in zones of their own, and give the Cloudant rule zones of IP addresses, subnets, ranges and VPCs only',
  why: 'A zone used in a rule that targets Cloudant may not contain a service reference; the rule is refused or the reference is ignored, so the intended traffic is not what the rule allows.',
  source: 'IBM Cloud Docs, Cloudant Gen 2: Context-based restrictions (howto-cbr), "service references"',
  check: (rule, configuration) => {
    if (!isCloudantRule(rule)) return undefined;
    const zones = ruleZones(rule, configuration).filter((zone) => holdsServiceReference(zone, configuration));
    return zones.length > 0 ? found(`${zones.map((zone) => zone.address).join(', ')} ${zones.length === 1 ? 'holds' : 'hold'} a serviceRef address`) : undefined;
  },
};

// a zone's own addresses, and those an ibm_cbr_zone_addresses adds to it
function holdsServiceReference(zone: CheckedElement, configuration: CheckedConfiguration): boolean {
  const hasRef = (element: CheckedElement) => blocks(element.config.addresses).some((address) => address.type === 'serviceRef');
  if (hasRef(zone)) return true;
  // the zones that ibm_cbr_zone_addresses give a service reference, found once per configuration
  const given = configuration.derived('IBM-NET-6 zones given service references', () => {
    const zones = new Set<CheckedElement>();
    for (const extra of configuration.resourcesOfType('ibm_cbr_zone_addresses').filter(hasRef)) {
      for (const each of configuration.resourcesReferencedBy(extra, extra.config.zone_id)) zones.add(each.resource);
    }
    return zones;
  });
  return given.has(zone);
}
