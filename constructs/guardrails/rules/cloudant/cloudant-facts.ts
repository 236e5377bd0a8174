import type { CheckedElement } from '../../configuration';

// The provider treats these plan names (and an empty one) as Gen 1 and every other as Gen 2.
const GEN1_PLANS = ['', 'lite', 'standard', 'dedicated-hardware'];

/** 1 or 2 for an `ibm_cloudant` with a literal plan; undefined when the plan is an expression */
export function cloudantGeneration(instance: CheckedElement): 1 | 2 | undefined {
  const plan = instance.config.plan;
  if (typeof plan !== 'string' || plan.includes('${')) return undefined;
  return GEN1_PLANS.includes(plan.trim().toLowerCase()) ? 1 : 2;
}
