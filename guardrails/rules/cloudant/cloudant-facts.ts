import { CloudantGeneration, generationOfPlanName } from '../../../constructs/cloudant/plans';
import type { CheckedElement } from '../../configuration';

/** 1 or 2 for an `ibm_cloudant` with a literal plan; undefined when the plan is an expression */
export function instanceGeneration(instance: CheckedElement): CloudantGeneration | undefined {
  const plan = instance.config.plan;
  return typeof plan !== 'string' || plan.includes('${') ? undefined : generationOfPlanName(plan);
}
