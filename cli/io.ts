// What a command writes to and how it ends: the process's streams, or a test's buffers, and
// an exit code. Commands throw CommandFailure for a failure they explain themselves.

/** where a command writes */
export interface CommandOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** the environment and streams a command runs with */
export interface CommandContext {
  readonly io: CommandOutput;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** a failure the command has already put in words, with its exit code */
export class CommandFailure extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}
