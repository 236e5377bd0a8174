import { IConstruct } from 'constructs';
import { Annotations, Aspects, IAspect, TerraformElement, TerraformStack } from '../constructs/core/cdktf';
import { isUnresolved, Problem, throwIfProblems } from '../constructs/core/validation';
import { IDENTITY_KIND_LABELS, type IIamIdentity } from '../constructs/iam/identity';
import { readTerraformJson } from './reading';
import { checkConfiguration, GuardrailFinding, GuardrailReport } from './engine';
import { GuardrailSuppression, SUPPRESSIONS_METADATA } from './marks';
import type { GuardrailLevel } from './rule';
import type { AdministratorMark, GuardrailSettings, RecordedSuppression } from './settings';
import { reasonProblem, ruleIdProblem } from './settings-schema';

export interface GuardrailsProps {
  /**
   * Check the stacks as production: production-only rules apply and some rules report
   * errors instead of warnings.
   * @default false
   */
  readonly production?: boolean;
  /**
   * A level per rule ID, over the rule's own (for example a warning made an error).
   * @default - each rule's level
   */
  readonly levels?: Readonly<Record<string, GuardrailLevel>>;
  /**
   * The time key expiry dates are measured from.
   * @default - the time of synthesis
   */
  readonly now?: Date;
}

/**
 * The IBM Cloud rule pack as an Aspect: at synthesis it reads each stack's Terraform JSON
 * (with every override), applies the rules, and annotates each finding on the construct
 * that made the resource. Errors fail `cdktf synth`; warnings are printed. The settings,
 * suppressions and administrator marks it used are recorded in the stack's
 * `"//".guardrails`, so `npm run guardrails` on the synthesized stack reaches the same result.
 *
 * The stack is read when the aspect visits it, before aspects run on its children: an
 * aspect that changes resources is not seen here, but `npm run guardrails` on cdktf.out sees it.
 */
export class Guardrails implements IAspect {
  /** Applies the rule pack to a stack, or to every stack an app has when it is called. */
  public static applyTo(scope: IConstruct, props: GuardrailsProps = {}): Guardrails {
    const problems: Problem[] = Object.keys(props.levels ?? {}).flatMap((id) => {
      const problem = ruleIdProblem(id);
      return problem ? [{ path: ['levels', id], message: problem }] : [];
    });
    // cdktf invokes the aspects of each stack and below, never the app's: given the app, apply to its stacks
    const stacks = TerraformStack.isStack(scope) || !isApp(scope) ? [scope] : scope.node.findAll().filter((each) => TerraformStack.isStack(each));
    if (stacks.length === 0) problems.push({ path: [], message: 'the app has no stacks yet; apply the guardrails after creating them, or to each stack' });
    throwIfProblems(`Guardrails ${scope.node.path || '(app)'}`, problems);
    const guardrails = new Guardrails(props);
    for (const each of stacks) Aspects.of(each).add(guardrails);
    return guardrails;
  }

  /**
   * Suppresses rules for every resource the construct holds, or for the whole stack when
   * given a stack. Each suppression is recorded with its reason; one that suppresses
   * nothing is reported as a warning.
   */
  public static suppress(scope: IConstruct, suppressions: readonly GuardrailSuppression[]): void {
    const problems = suppressions.flatMap((suppression, index): Problem[] => {
      const rule = ruleIdProblem(suppression.rule);
      const reason = reasonProblem(suppression.reason ?? '');
      return [
        ...(rule ? [{ path: ['suppressions', index, 'rule'], message: rule }] : []),
        ...(reason ? [{ path: ['suppressions', index, 'reason'], message: reason }] : []),
      ];
    });
    throwIfProblems(`Guardrails.suppress ${scope.node.path}`, problems);
    scope.node.addMetadata(SUPPRESSIONS_METADATA, suppressions.map(({ rule, reason }) => ({ rule, reason: reason.trim() })));
  }

  /** the report of each stack checked so far */
  public readonly reports: GuardrailReport[] = [];
  private readonly props: GuardrailsProps;

  private constructor(props: GuardrailsProps) {
    this.props = props;
  }

  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const stack = node;
    if (stack.node.tryFindChild(RECORD_ID) !== undefined) {
      Annotations.of(stack).addWarning('the guardrails are applied to this stack more than once; apply them once, to the app or to the stack');
      return;
    }
    new GuardrailsRecord(stack, RECORD_ID, this.settingsOf(stack));
    const json = stack.toTerraform();
    const report = checkConfiguration(readTerraformJson(json, stack.node.id), { now: this.props.now });
    this.reports.push(report);
    this.writeWhatWasChecked(stack, json);

    const byPath = new Map(stack.node.findAll().map((each) => [each.node.path, each] as const));
    const at = (path: string | undefined): IConstruct => (path === undefined ? stack : (byPath.get(path) ?? stack));
    for (const finding of report.findings) {
      const annotations = Annotations.of(at(finding.constructPath));
      if (finding.level === 'error') annotations.addError(findingMessage(finding));
      else annotations.addWarning(findingMessage(finding));
    }
    for (const unused of report.unusedSuppressions) {
      Annotations.of(at(unused.path)).addWarning(`unused guardrail suppression: ${unused.rule} found nothing ${unused.path ? 'here' : 'in this stack'} to suppress (reason given: ${JSON.stringify(unused.reason)}); remove it`);
    }
    for (const each of report.notJudged) {
      Annotations.of(at(each.constructPath)).addInfo(`${each.rule} ${each.address}: not judged: ${each.reason}`);
    }
  }

  // cdktf resolves the whole stack again to write it, after the aspects. When this is the
  // only aspect in the stack nothing can change in between (validation and annotations do
  // not touch the configuration), so the next toTerraform() gives the JSON just checked:
  // one resolution fewer, a third of a large synth. Any other aspect, and cdktf resolves again.
  private writeWhatWasChecked(stack: TerraformStack, json: Record<string, unknown>): void {
    if (stack.node.findAll().some((each) => Aspects.of(each).all.some((aspect) => aspect !== this))) return;
    Object.defineProperty(stack, 'toTerraform', {
      configurable: true,
      writable: true,
      value: () => {
        // once: later calls resolve again, as cdktf's own method does
        delete (stack as { toTerraform?: unknown }).toTerraform;
        return json;
      },
    });
  }

  /** production, levels, suppressions and administrators, as the stack records them */
  private settingsOf(stack: TerraformStack): GuardrailSettings {
    const suppressions: RecordedSuppression[] = [];
    const administrators: AdministratorMark[] = [];
    for (const each of stack.node.findAll()) {
      const path = each === stack ? undefined : each.node.path;
      for (const entry of each.node.metadata) {
        if (entry.type !== SUPPRESSIONS_METADATA) continue;
        for (const { rule, reason } of entry.data as GuardrailSuppression[]) suppressions.push({ rule, reason, ...(path ? { path } : {}) });
      }
      // the identities that may hold Manager say so themselves: one made here by its path,
      // one made elsewhere by its IAM ID
      if (isManagerIdentity(each)) administrators.push(isUnresolved(each.iamId) ? { path: each.node.path } : { iamId: each.iamId });
    }
    return {
      production: this.props.production ?? false,
      ...(this.props.levels && Object.keys(this.props.levels).length > 0 ? { levels: { ...this.props.levels } } : {}),
      ...(suppressions.length > 0 ? { suppressions } : {}),
      ...(administrators.length > 0 ? { administrators } : {}),
    };
  }
}

const IDENTITY_KINDS: readonly string[] = Object.keys(IDENTITY_KIND_LABELS);

function isManagerIdentity(node: IConstruct): node is IIamIdentity {
  const identity = node as Partial<IIamIdentity>;
  return identity.allowManager === true && typeof identity.iamId === 'string' && IDENTITY_KINDS.includes(String(identity.kind));
}

function isApp(scope: IConstruct): boolean {
  return scope.node.scope === undefined;
}

/** how a finding reads in an annotation, after cdktf's `[construct path]` */
export function findingMessage(finding: GuardrailFinding): string {
  return `${finding.rule} ${finding.address}: ${finding.finding}. Fix: ${finding.fix}`;
}

const RECORD_ID = 'GuardrailsRecord';

// Writes the settings into the stack's top-level "//" metadata, beside cdktf's own.
class GuardrailsRecord extends TerraformElement {
  constructor(
    stack: TerraformStack,
    id: string,
    private readonly settings: GuardrailSettings,
  ) {
    super(stack, id);
  }

  public override toTerraform(): Record<string, unknown> {
    return { '//': { guardrails: this.settings } };
  }
}
