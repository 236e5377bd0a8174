import { found, GuardrailRule, notJudged } from '../../rule';
import { blocks, isTrue } from '../values';

export const cloudantPreventDestroy: GuardrailRule = {
  id: 'IBM-CLD-3',
  level: 'error',
  productionOnly: true,
  types: ['ibm_cloudant', 'ibm_cloudant_database'],
  title: 'Production Cloudant instance or database without prevent_destroy',
  finding: 'a production Cloudant instance or database can be destroyed by a plan',
  fix: 'set lifecycle.prevent_destroy = true (CloudantInstance preventDestroy, on by default in production environments; databases inherit it)',
  why: 'Destroying an instance or database deletes its documents, and a renamed construct, a moved resource or a changed ForceNew argument plans exactly that. prevent_destroy makes Terraform refuse such a plan instead of carrying it out.',
  source: 'Terraform: the lifecycle meta-argument (prevent_destroy); provider resource_ibm_cloudant_database.go (every argument is ForceNew)',
  check: (element) => {
    if (!element.lifecycleKnown) return notJudged('a plan does not record lifecycle; check the configuration (cdk.tf.json) instead');
    return blocks(element.config.lifecycle).some((lifecycle) => isTrue(lifecycle.prevent_destroy)) ? undefined : found('no lifecycle.prevent_destroy = true');
  },
};
