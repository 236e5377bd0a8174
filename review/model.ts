// What a review shows, whichever source it came from: a plan (`terraform show -json`) or the
// difference between two synthesized configurations. Values here are already masked.
import { ValidationError } from '../constructs/core/validation';

/** what happens to a resource, in the order a reviewer should read them */
export type ChangeAction = 'delete' | 'replace' | 'update' | 'create' | 'forget' | 'read' | 'no-op';

export interface ReviewedChange {
  readonly address: string;
  readonly type: string;
  readonly action: ChangeAction;
  /** Terraform's action list, for replacements the order: ["delete","create"] or ["create","delete"] */
  readonly actions: readonly string[];
  /** why Terraform plans it (`action_reason`), in words */
  readonly reason?: string;
  /** the attributes that force a replacement, as `a.b[0]` */
  readonly replacePaths?: readonly string[];
  readonly previousAddress?: string;
  readonly importing?: boolean;
  /** masked values; undefined for the side that does not exist */
  readonly before: unknown;
  readonly after: unknown;
  /** Terraform's after_unknown marks: true where the value is known only after apply */
  readonly afterUnknown?: unknown;
  /** attributes whose masked value changes: the review says so, never how */
  readonly sensitiveChanges?: readonly string[];
}

export interface ReviewedOutput {
  readonly name: string;
  readonly action: ChangeAction;
  readonly before: unknown;
  readonly after: unknown;
  readonly afterUnknown?: unknown;
}

export interface ReviewModel {
  /** the environment (stack) the review is for */
  readonly environment: string;
  /** `plan` for a Terraform plan, `configuration` for a synth diff */
  readonly source: 'plan' | 'configuration';
  readonly changes: readonly ReviewedChange[];
  readonly outputs: readonly ReviewedOutput[];
  /** changes made outside Terraform since the last apply */
  readonly drift: readonly ReviewedChange[];
  /** lines shown under the heading (the Terraform version, guardrail findings, …) */
  readonly notes: readonly string[];
}

/** Thrown for input the review cannot read. */
export class ReviewInputError extends ValidationError {
  constructor(message: string) {
    super(undefined, [{ path: [], message }]);
    this.name = 'ReviewInputError';
  }
}
