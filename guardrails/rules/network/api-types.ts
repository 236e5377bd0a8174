import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule } from '../../rule';
import { blocks } from '../values';
import { CBR_DATA_PLANE_API_TYPE } from '../../../constructs/network/cloudant-network-rule';
import { isCloudantRule } from './cloudant-rules';

export const cloudantRuleApiTypes: GuardrailRule = {
  id: 'IBM-NET-5',
  level: 'error',
  types: ['ibm_cbr_rule'],
  judges: ['operations.api_types.api_type_id'],
  title: 'Cloudant network rule with API types other than data plane',
  finding: 'the Cloudant network rule does not name exactly the data-plane API type',
  fix: `set operations { api_types { api_type_id = "${CBR_DATA_PLANE_API_TYPE}" } } and nothing else`,
  why: 'Data plane is the only API type Cloudant supports in a rule; any other choice is an error, and a rule without operations covers every API type.',
  source: 'IBM Cloud Docs, Cloudant Gen 2: Context-based restrictions (howto-cbr), "API types"',
  check: (rule) => {
    if (!isCloudantRule(rule)) return undefined;
    const operations = blocks(rule.config.operations);
    if (operations.length === 0) return found('no operations block: the rule covers every API type');
    const types = operations.flatMap((operation) => blocks(operation.api_types).map((type) => type.api_type_id));
    if (types.length === 1 && types[0] === CBR_DATA_PLANE_API_TYPE) return undefined;
    return found(types.length === 0 ? 'operations names no API type' : `API types ${types.map(show).join(', ')}`);
  },
};
