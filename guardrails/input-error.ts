import { ValidationError } from '../constructs/core/validation';

/** Thrown for input that is not a Terraform configuration, plan or settings the guardrails can read. */
export class GuardrailInputError extends ValidationError {
  constructor(message: string) {
    super(undefined, [{ path: [], message }]);
    this.name = 'GuardrailInputError';
  }
}
