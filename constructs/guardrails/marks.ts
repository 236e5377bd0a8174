// What constructs record for the guardrails before synthesis: suppressions and the
// identities that may hold Manager. Kept as construct metadata (never written out as such);
// the Guardrails aspect gathers them into the stack's "//".guardrails record.
import type { IConstruct } from 'constructs';

export const SUPPRESSIONS_METADATA = 'ibm-data-guard/guardrail-suppressions';
export const ADMINISTRATOR_METADATA = 'ibm-data-guard/guardrail-administrator';

/** One rule switched off where it does not apply, and why. */
export interface GuardrailSuppression {
  /** the rule's ID, for example IBM-NET-3 */
  readonly rule: string;
  /** why the rule does not apply here, for the auditor: at least 10 characters */
  readonly reason: string;
}

/**
 * Marks an identity as an administrator: policies may grant it Manager (rule IBM-IAM-3).
 * The identity constructs do this for allowManager; `iamId` names an identity made elsewhere.
 */
export function markAdministrator(identity: IConstruct, iamId?: string): void {
  identity.node.addMetadata(ADMINISTRATOR_METADATA, { iamId });
}
