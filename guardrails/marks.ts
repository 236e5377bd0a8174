// Suppressions as Guardrails.suppress records them on a construct: construct metadata
// (never written out as such) that the aspect gathers into the stack's "//".guardrails record.
export const SUPPRESSIONS_METADATA = 'ibm-data-guard/guardrail-suppressions';

/** One rule switched off where it does not apply, and why. */
export interface GuardrailSuppression {
  /** the rule's ID, for example IBM-NET-3 */
  readonly rule: string;
  /** why the rule does not apply here, for the auditor: at least 10 characters */
  readonly reason: string;
}
