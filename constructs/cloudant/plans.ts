/** The Cloudant plans this library provisions. */
export const CLOUDANT_PLANS = ['lite', 'standard', 'standard-gen2'] as const;
export type CloudantPlan = (typeof CLOUDANT_PLANS)[number];

/** Gen 1 is the classic multi-tenant service (lite, standard); Gen 2 is standard-gen2. */
export type CloudantGeneration = 1 | 2;

// The provider counts these plan names (trimmed, any case, and an empty name) as Gen 1 and every other as Gen 2.
const GEN1_PLAN_NAMES = ['', 'lite', 'standard', 'dedicated-hardware'];

/** the generation the provider gives any plan name */
export function generationOfPlanName(plan: string): CloudantGeneration {
  return GEN1_PLAN_NAMES.includes(plan.trim().toLowerCase()) ? 1 : 2;
}

export function cloudantGeneration(plan: CloudantPlan): CloudantGeneration {
  return generationOfPlanName(plan);
}

/** The service endpoint choices of the Resource Controller. */
export const SERVICE_ENDPOINTS = ['public', 'private', 'public-and-private'] as const;
export type ServiceEndpoints = (typeof SERVICE_ENDPOINTS)[number];

// Gen 1 throughput capacity is set in blocks; the API accepts 1 to 100, more needs an IBM support case.
export const GEN1_MAX_CAPACITY = 100;

/** The service name IAM, CBR and the Resource Controller use for Cloudant. */
export const CLOUDANT_SERVICE_NAME = 'cloudantnosqldb';
