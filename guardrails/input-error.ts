/** Thrown for input that is not a Terraform configuration, plan or settings the guardrails can read. */
export class GuardrailInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardrailInputError';
  }
}
