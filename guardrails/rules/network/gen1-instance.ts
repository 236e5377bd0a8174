import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule } from '../../rule';

import { instanceGeneration } from '../cloudant/cloudant-facts';
import { isCloudantRule, ruleInstances } from './cloudant-rules';

export const cloudantRuleOnGen1: GuardrailRule = {
  id: 'IBM-NET-4',
  level: 'error',
  types: ['ibm_cbr_rule'],
  title: 'Cloudant network rule on a Gen 1 instance',
  finding: 'the network rule targets a Gen 1 Cloudant instance, which context-based restrictions do not cover',
  fix: 'move the instance to a Gen 2 plan (standard-gen2) to restrict its network access; Gen 1 Dedicated Hardware can have an IP allowlist set by IBM support',
  why: 'CBR is supported only on Cloudant Gen 2. A rule on a Gen 1 instance is accepted and does nothing, so the instance looks protected and is not.',
  source: 'IBM Cloud Docs, Cloudant Gen 2: Context-based restrictions (howto-cbr); Cloudant: Security (offerings/security)',
  check: (rule, configuration) => {
    if (!isCloudantRule(rule)) return undefined;
    const gen1 = ruleInstances(rule, configuration).flatMap((each) => (each.instance && instanceGeneration(each.instance) === 1 ? [each.instance] : []));
    return gen1.length > 0 ? found(gen1.map((instance) => `${instance.address} is Gen 1 (plan ${show(instance.config.plan)})`).join('; ')) : undefined;
  },
};
