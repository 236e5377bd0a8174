import type { CheckedConfiguration, CheckedElement } from './configuration';
import type { GuardrailLevel } from './settings';

export { GUARDRAIL_LEVELS, type GuardrailLevel } from './settings';


/**
 * What a rule says of one element: nothing (compliant, or not its concern), a finding with
 * the specifics, or that the input cannot tell (a plan has no `lifecycle`, for example).
 */
export type RuleOutcome = undefined | { readonly detail: string } | { readonly notJudged: string; readonly fails?: boolean };

/** One check of the pack: a pure function of an element and the configuration around it. */
export interface GuardrailRule {
  /** stable ID, used in suppressions and level overrides: never reused for another check */
  readonly id: string;
  /** the level outside production */
  readonly level: GuardrailLevel;
  /** the level in production, when stricter @default - the same as `level` */
  readonly productionLevel?: GuardrailLevel;
  /** the rule checks production configurations only @default false */
  readonly productionOnly?: boolean;
  /** the resource types it reads; `output` for the configuration's outputs, `*` for every element */
  readonly types: readonly string[];
  /** what it checks, as the catalogue's heading */
  readonly title: string;
  /** the one-line finding */
  readonly finding: string;
  /** how to fix it */
  readonly fix: string;
  /** why it matters, in a sentence or two */
  readonly why: string;
  /** the IBM documentation (or provider source) the rule rests on */
  readonly source: string;
  /** the checkov check it mirrors, for auditors who map one to the other */
  readonly mirrors?: string;
  /**
   * The arguments whose literal values the rule decides on, as dotted paths through blocks
   * (`cors_config.origins`). Where one is set by an expression Terraform alone can evaluate
   * (`${var.x}`), the engine does not run the rule: it reports the element as not judged,
   * and in production as an error that only a suppression with a reason lifts.
   */
  readonly judges?: readonly string[];
  check(element: CheckedElement, configuration: CheckedConfiguration, context: RuleContext): RuleOutcome;
}

/** what a check may know besides the configuration */
export interface RuleContext {
  /** the time expiry dates are measured from */
  readonly now: Date;
  readonly production: boolean;
}

/** the level a rule reports at, before any override */
export function defaultLevel(rule: GuardrailRule, production: boolean): GuardrailLevel {
  return production ? (rule.productionLevel ?? rule.level) : rule.level;
}

/** a finding with its specifics */
export function found(detail: string): RuleOutcome {
  return { detail };
}

/** the input cannot tell whether the rule holds */
export function notJudged(reason: string): RuleOutcome {
  return { notJudged: reason };
}

/** a security value is set by an expression only Terraform can evaluate: in production an error until suppressed */
export function cannotJudge(reason: string): RuleOutcome {
  return { notJudged: reason, fails: true };
}
