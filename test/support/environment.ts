import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Testing } from '../../constructs/core/cdktf';
import { EnvironmentError, EnvironmentStack, parseEnvironmentFile } from '../../environment';

/** the stack of one environment file's text, as environments/<name>.yaml; throws its problems */
export function stackFrom(text: string, name = 'dev'): EnvironmentStack {
  const result = parseEnvironmentFile(`environments/${name}.yaml`, Buffer.from(text));
  if ('problems' in result) throw new EnvironmentError(result.problems);
  return new EnvironmentStack(Testing.app(), result.environment);
}

/** the problems, one per line, that building the stack of one environment file's text reports */
export function stackProblemsOf(text: string, name = 'dev'): string[] {
  try {
    stackFrom(text, name);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected problems');
}

/** a fresh temporary directory holding the given files */
export function directoryWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'envs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
