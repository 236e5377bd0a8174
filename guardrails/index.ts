// The guardrails' entry point (`ibm-data-guard/guardrails`): the rule pack, the engine that
// applies it to any Terraform JSON or plan, reading and reporting, and the Aspect that
// applies it at synth.
export * from './rule';
export * from './settings';
export * from './settings-schema';
export * from './configuration';
export * from './reading';
export * from './input-error';
export * from './engine';
export * from './report';
export * from './input';
export * from './aspect';
export type { GuardrailSuppression } from './marks';
export { GUARDRAIL_RULES, GUARDRAIL_RULE_IDS } from './rules';
