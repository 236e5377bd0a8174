import { Testing } from '../../constructs/core/cdktf';
import { EnvironmentError, EnvironmentStack, parseEnvironmentFile } from '../../environment';

/** the stack of one environment file's text, as environments/<name>.yaml; throws its problems */
export function stackFrom(text: string, name = 'dev'): EnvironmentStack {
  const result = parseEnvironmentFile(`environments/${name}.yaml`, Buffer.from(text));
  if ('problems' in result) throw new EnvironmentError(result.problems);
  return new EnvironmentStack(Testing.app(), result.environment);
}
