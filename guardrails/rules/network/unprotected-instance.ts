import { found, GuardrailRule, notJudged } from '../../rule';
import { instanceGeneration } from '../cloudant/cloudant-facts';
import { enforcementOf, isCloudantRule, ruleInstances, ruleRegion } from './cloudant-rules';

export const unprotectedProductionCloudant: GuardrailRule = {
  id: 'IBM-NET-7',
  level: 'error',
  productionOnly: true,
  types: ['ibm_cloudant'],
  title: 'Production Cloudant Gen 2 instance that no enabled network rule protects',
  finding: 'no enabled network rule limits where this production Cloudant instance can be reached from',
  fix: 'add an enabled Cloudant network rule (CloudantNetworkRule, or network.cloudantRules in the environment file) whose zones hold the networks of its clients',
  why: 'Without a rule, a valid key works from any network. CBR makes a leaked key useless outside the allowed zones, and Gen 2 instances support it.',
  source: 'IBM Cloud Docs, Cloudant Gen 2: Context-based restrictions (howto-cbr); IAM: What are context-based restrictions (context-restrictions-what-is)',
  check: (instance, configuration) => {
    const generation = instanceGeneration(instance);
    if (generation === undefined) return notJudged('the plan is an expression, so the generation is unknown');
    if (generation === 1) return undefined;
    const enabled = configuration.derived('IBM-NET-7 enabled Cloudant rules', () =>
      configuration
        .resourcesOfType('ibm_cbr_rule')
        .filter((rule) => isCloudantRule(rule) && enforcementOf(rule) === 'enabled')
        .map((rule) => ({ region: ruleRegion(rule), instances: ruleInstances(rule, configuration) })),
    );
    const protecting = enabled.filter(({ region, instances }) => {
      if (region !== undefined && typeof instance.config.location === 'string' && region !== instance.config.location) return false;
      // a rule without serviceInstance covers every instance of the account
      return instances.some((each) => each.instance === instance || each.value === undefined || each.value === '');
    });
    return protecting.length > 0 ? undefined : found('no ibm_cbr_rule with enforcement_mode "enabled" names it (or covers every instance)');
  },
};
