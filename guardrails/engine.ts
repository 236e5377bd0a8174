// Applies the rule pack to one configuration: every rule to every element of its types,
// levels from the rule (stricter in production) or the settings, suppressions matched to
// what they cover, and the suppressions that matched nothing reported back.
import type { CheckedConfiguration, CheckedElement } from './configuration';
import { defaultLevel, GuardrailLevel, GuardrailRule, RuleContext, RuleOutcome } from './rule';
import { expressionAt, resolveLiterals } from './rules/values';
import { GUARDRAIL_RULES } from './rules';
import type { RecordedSuppression } from './settings';

export interface GuardrailFinding {
  readonly rule: string;
  readonly level: GuardrailLevel;
  /** the stack or configuration it was found in */
  readonly configuration: string;
  /** the Terraform address: `ibm_cloudant.orders`, `output.key` */
  readonly address: string;
  /** the cdktf construct path, when the configuration was synthesized */
  readonly constructPath?: string;
  /** the rule's finding with the specifics of this element */
  readonly finding: string;
  readonly fix: string;
}

export interface SuppressedFinding extends GuardrailFinding {
  readonly reason: string;
}

/** an element a rule could not judge from this input, and why */
export interface UnjudgedCheck {
  readonly rule: string;
  readonly address: string;
  readonly constructPath?: string;
  readonly reason: string;
}

export interface GuardrailReport {
  readonly configuration: string;
  readonly production: boolean;
  /** findings no suppression covers, errors first */
  readonly findings: readonly GuardrailFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly unusedSuppressions: readonly RecordedSuppression[];
  readonly notJudged: readonly UnjudgedCheck[];
  /** files beside the configuration that were not read, each with the reason */
  readonly skipped: readonly string[];
}

export interface GuardrailCheckOptions {
  /** @default - the configuration's recorded setting, else false */
  readonly production?: boolean;
  /** level per rule ID, over the recorded ones @default - the rules' own levels */
  readonly levels?: Readonly<Record<string, GuardrailLevel>>;
  /** the time expiry dates are measured from @default - now */
  readonly now?: Date;
  /** @default - the whole pack */
  readonly rules?: readonly GuardrailRule[];
}

export function checkConfiguration(configuration: CheckedConfiguration, options: GuardrailCheckOptions = {}): GuardrailReport {
  const { settings } = configuration;
  const production = options.production ?? settings.production ?? false;
  const levels = { ...settings.levels, ...options.levels };
  const context = { now: options.now ?? new Date(), production };
  const suppressions = settings.suppressions ?? [];
  const used = new Set<RecordedSuppression>();
  const findings: GuardrailFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const notJudged: UnjudgedCheck[] = [];

  const resolved = withLiteralsResolved(configuration);
  for (const rule of options.rules ?? GUARDRAIL_RULES) {
    if (rule.productionOnly && !production) continue;
    const level = levels[rule.id] ?? defaultLevel(rule, production);
    for (const element of resolved.elements) {
      if (!rule.types.includes(element.type) && !rule.types.includes('*')) continue;
      const outcome = judge(rule, element, resolved, context);
      if (outcome === undefined) continue;
      let finding: GuardrailFinding;
      if ('notJudged' in outcome) {
        // what cannot be judged is not passed: in production it fails until a reason is given
        if (!outcome.fails || !production) {
          notJudged.push({ rule: rule.id, address: element.address, constructPath: element.constructPath, reason: outcome.notJudged });
          continue;
        }
        finding = {
          rule: rule.id,
          level: 'error',
          configuration: configuration.name,
          address: element.address,
          constructPath: element.constructPath,
          finding: `${rule.finding}, or not: it cannot be judged: ${outcome.notJudged}`,
          fix: `${rule.fix}; or, where the value is right, suppress ${rule.id} here with the reason`,
        };
      } else {
        finding = {
          rule: rule.id,
          level,
          configuration: configuration.name,
          address: element.address,
          constructPath: element.constructPath,
          finding: `${rule.finding}: ${outcome.detail}`,
          fix: rule.fix,
        };
      }
      const suppression = mostSpecific(suppressions.filter((each) => each.rule === rule.id && covers(each, element)));
      if (suppression) {
        used.add(suppression);
        suppressed.push({ ...finding, reason: suppression.reason });
      } else {
        findings.push(finding);
      }
    }
  }
  findings.sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
  return {
    configuration: configuration.name,
    production,
    findings,
    suppressed,
    unusedSuppressions: suppressions.filter((each) => !used.has(each)),
    notJudged,
    skipped: configuration.skipped,
  };
}

// Runs one rule on one element: never when an argument it decides on is an expression only
// Terraform can evaluate, and never letting a rule's own failure stop the pack (cdk-nag
// reports such a rule as not evaluated, with the error).
function judge(rule: GuardrailRule, element: CheckedElement, configuration: CheckedConfiguration, context: RuleContext): RuleOutcome {
  for (const path of rule.judges ?? []) {
    const expression = expressionAt(element.config, path);
    if (expression !== undefined) {
      const shown = expression.length > 80 ? `${expression.slice(0, 77)}...` : expression;
      return { notJudged: `${path} is set by the expression ${shown}, which only Terraform can evaluate; check the plan (terraform show -json plan.out > plan.json) instead`, fails: true };
    }
  }
  try {
    return rule.check(element, configuration, context);
  } catch (error) {
    return { notJudged: `the rule failed on this element (${error instanceof Error ? error.message : String(error)}); please report it`, fails: true };
  }
}

/** the configuration with `${true}`, `${local.x}` and other literal expressions read as their values */
function withLiteralsResolved(configuration: CheckedConfiguration): CheckedConfiguration {
  if (Object.keys(configuration.locals).length === 0 && !configuration.elements.some((element) => JSON.stringify(element.config).includes('${'))) return configuration;
  const elements = configuration.elements.map((element) => ({ ...element, config: resolveLiterals(element.config, configuration.locals) as Record<string, unknown> }));
  return configuration.withElements(elements);
}

/** whether a suppression covers an element: by address, by construct path (and below), or the whole configuration */
function covers(suppression: RecordedSuppression, element: CheckedElement): boolean {
  if (suppression.address !== undefined) return element.address === suppression.address;
  if (suppression.path !== undefined) {
    const path = element.constructPath;
    return path !== undefined && (path === suppression.path || path.startsWith(`${suppression.path}/`));
  }
  return true;
}

// an address beats a path, a longer path a shorter one, and any of them the whole configuration
function mostSpecific(candidates: readonly RecordedSuppression[]): RecordedSuppression | undefined {
  const weight = (each: RecordedSuppression) => (each.address !== undefined ? Number.MAX_SAFE_INTEGER : (each.path?.length ?? -1));
  return [...candidates].sort((a, b) => weight(b) - weight(a))[0];
}

/** whether any finding of the reports is an error */
export function hasErrors(reports: readonly GuardrailReport[]): boolean {
  return reports.some((report) => report.findings.some((finding) => finding.level === 'error'));
}
