import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule } from '../../rule';
import { blocks, isTrue } from '../values';
import { POLICY_TYPES } from './policies';

export const policyScopedToInstance: GuardrailRule = {
  id: 'IBM-IAM-1',
  level: 'error',
  types: POLICY_TYPES,
  judges: ['account_management', 'resources.service', 'resources.service_type', 'resources.resource_type', 'resource_attributes.name', 'resource_attributes.operator'],
  title: 'IAM policy not scoped to one service instance',
  finding: 'the policy is not scoped to one service instance',
  fix: 'scope the policy to one instance: resources { service, resource_instance_id = <instance GUID> } (and resource_type/resource for one database), as the Cloudant grants do',
  why: 'A policy without a service instance applies to every instance of the service, or with service_type = "service" (the provider\'s default when no resource is given) to every IAM-enabled service in the account. One leaked key then reaches far more than the data it was made for.',
  source: 'provider ibm/flex/structures.go (a policy without resource attributes gets serviceType = service); IBM Cloud Docs, Cloudant: Managing access, "Policy enforcement" (security/access-iam)',
  check: (policy) => {
    if (isTrue(policy.config.account_management)) return found('account_management = true: it covers every account management service');
    const resources = blocks(policy.config.resources)[0];
    const attributes = blocks(policy.config.resource_attributes);
    if (resources !== undefined) {
      if (resources.service_type !== undefined) return found(`resources.service_type = ${show(resources.service_type)}: every ${resources.service_type === 'service' ? 'IAM-enabled service' : 'service of that type'}`);
      if (typeof resources.resource_instance_id === 'string' && resources.resource_instance_id !== '') return undefined;
      if (resources.service !== undefined) return found(`every instance of ${show(resources.service)}: resources has no resource_instance_id`);
      return found('resources names no service instance');
    }
    if (attributes.length > 0) {
      const instance = attributes.find((each) => each.name === 'serviceInstance');
      const exact = instance !== undefined && (instance.operator === undefined || instance.operator === 'stringEquals');
      if (exact && typeof instance.value === 'string' && instance.value !== '' && !/[*?]/.test(instance.value)) return undefined;
      if (attributes.some((each) => each.name === 'serviceType')) return found('resource_attributes name a service type: every IAM-enabled service');
      return found(instance ? `resource_attributes match serviceInstance ${show(instance.value)} with ${show(instance.operator)}, not one instance` : 'resource_attributes name no serviceInstance');
    }
    if (blocks(policy.config.resource_tags).length > 0) return found('it is scoped by resource tags only: every resource that carries them');
    return found('no resources or resource_attributes: the provider scopes it to every IAM-enabled service in the account');
  },
};
