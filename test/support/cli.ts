// The command line in this process, with what it prints captured: the same code as the
// installed binary, without starting Node for each case.
import type { CommandContext } from '../../cli/io';
import { runCli } from '../../cli/main';

export interface CommandRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCommand(args: readonly string[], context: Partial<Pick<CommandContext, 'cwd' | 'env'>> = {}): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { ...context, io: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } } });
  return { status, stdout, stderr };
}
