/** A failure of the identity commands, put in words, with its exit code (2: cannot check). */
export class HygieneError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
  ) {
    super(message);
    this.name = 'HygieneError';
  }
}
