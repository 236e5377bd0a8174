import { found, GuardrailRule } from '../../rule';
import { isCloudantRule, ruleInstances } from './cloudant-rules';

export const cloudantRuleWithoutInstance: GuardrailRule = {
  id: 'IBM-NET-3',
  level: 'warning',
  types: ['ibm_cbr_rule'],
  title: 'Cloudant network rule without a service instance',
  finding: 'the Cloudant network rule covers every Cloudant instance in the account',
  fix: 'add a serviceInstance attribute (the instance GUID) to the rule\'s resources, one rule per instance (CloudantNetworkRule does this)',
  why: 'A rule without serviceInstance applies to every Cloudant instance of the account, including those of other teams and environments: a zone change meant for one instance can cut off the others.',
  source: 'IBM Cloud Docs, IAM: What are context-based restrictions, "Resource attributes" (context-restrictions-what-is)',
  check: (rule, configuration) => {
    if (!isCloudantRule(rule)) return undefined;
    const missing = ruleInstances(rule, configuration).some((each) => each.value === undefined || each.value === '');
    return missing ? found('no serviceInstance attribute') : undefined;
  },
};
