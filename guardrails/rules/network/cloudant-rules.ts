import { CLOUDANT_SERVICE_NAME } from '../../../constructs/cloudant/plans';
import type { CheckedConfiguration, CheckedElement } from '../../configuration';
import { blocks } from '../values';

/** the resource attributes of each `resources` block of a CBR rule */
function resourceAttributes(rule: CheckedElement): Record<string, unknown>[][] {
  return blocks(rule.config.resources).map((resource) => blocks(resource.attributes));
}

function attribute(attributes: readonly Record<string, unknown>[], name: string): Record<string, unknown> | undefined {
  return attributes.find((each) => each.name === name);
}

/** whether an `ibm_cbr_rule` targets Cloudant */
export function isCloudantRule(rule: CheckedElement): boolean {
  return rule.type === 'ibm_cbr_rule' && resourceAttributes(rule).some((attributes) => attribute(attributes, 'serviceName')?.value === CLOUDANT_SERVICE_NAME);
}

/** what a Cloudant rule's serviceInstance names: the value, and the `ibm_cloudant` it refers to */
export function ruleInstances(rule: CheckedElement, configuration: CheckedConfiguration): { readonly value: unknown; readonly instance?: CheckedElement }[] {
  return resourceAttributes(rule).flatMap((attributes) => {
    if (attribute(attributes, 'serviceName')?.value !== CLOUDANT_SERVICE_NAME) return [];
    const value = attribute(attributes, 'serviceInstance')?.value;
    const instance = configuration.resourcesReferencedBy(rule, value).find((each) => each.resource.type === 'ibm_cloudant')?.resource;
    return [{ value, instance }];
  });
}

/** the rule's region attribute of its Cloudant resource, if it has one */
export function ruleRegion(rule: CheckedElement): unknown {
  return resourceAttributes(rule)
    .map((attributes) => attribute(attributes, 'region')?.value)
    .find((value) => value !== undefined);
}

/** enforcement_mode, with the server's default (enabled) when it is not set */
export function enforcementOf(rule: CheckedElement): unknown {
  return rule.config.enforcement_mode ?? 'enabled';
}

/** the `ibm_cbr_zone` resources a rule's contexts name through networkZoneId */
export function ruleZones(rule: CheckedElement, configuration: CheckedConfiguration): CheckedElement[] {
  const values = blocks(rule.config.contexts).flatMap((context) => blocks(context.attributes).filter((each) => each.name === 'networkZoneId').map((each) => each.value));
  return configuration.resourcesReferencedBy(rule, values).map((each) => each.resource).filter((resource) => resource.type === 'ibm_cbr_zone');
}
