// Guardrail settings: whether the configuration is production, level overrides per rule,
// suppressions with their reasons, and the identities marked as administrators. The
// synthesized stack records them in its top-level "//" metadata, where an auditor reads
// them and where `npm run guardrails` finds them again. settings-schema.ts reads them.

/** How a finding is graded: an error fails the synth (and `npm run guardrails`), a warning is printed. */
export type GuardrailLevel = 'error' | 'warning';
export const GUARDRAIL_LEVELS: readonly GuardrailLevel[] = ['error', 'warning'];

/**
 * A suppression as recorded: the rule, why, and what it covers: the resources under a
 * construct path, one resource address, or (neither) the whole configuration.
 */
export interface RecordedSuppression {
  readonly rule: string;
  readonly reason: string;
  readonly path?: string;
  readonly address?: string;
}

/** an identity that may hold Manager: its construct path, its resource address, or its IAM ID */
export interface AdministratorMark {
  readonly path?: string;
  readonly address?: string;
  readonly iamId?: string;
}

export interface GuardrailSettings {
  readonly production?: boolean;
  readonly levels?: Readonly<Record<string, GuardrailLevel>>;
  readonly suppressions?: readonly RecordedSuppression[];
  readonly administrators?: readonly AdministratorMark[];
}
