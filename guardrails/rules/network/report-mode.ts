import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule } from '../../rule';

import { enforcementOf, isCloudantRule } from './cloudant-rules';

export const cloudantRuleReportMode: GuardrailRule = {
  id: 'IBM-NET-2',
  level: 'error',
  types: ['ibm_cbr_rule'],
  judges: ['enforcement_mode'],
  title: 'Cloudant network rule in report mode',
  finding: 'the Cloudant network rule is in report mode, which Cloudant does not support',
  fix: 'set enforcement_mode = "enabled" (or "disabled" while you prepare the zones); CloudantNetworkRule does not offer report',
  why: 'Report-only mode is not available for Cloudant: the rule does not report what it would block, and whether it enforces is not documented. Try a rule out on a non-production instance instead.',
  source: 'IBM Cloud Docs, Cloudant Gen 2: Context-based restrictions (howto-cbr), "report mode is not supported"',
  check: (rule) => (isCloudantRule(rule) && enforcementOf(rule) === 'report' ? found(`enforcement_mode = ${show('report')}`) : undefined),
};
