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

/** a poll interval in milliseconds from the environment (tests shorten it), or the fallback */
export function pollInterval(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new CommandFailure(`${name}=${JSON.stringify(raw)} is not a whole number of milliseconds`, 2);
  return value;
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
