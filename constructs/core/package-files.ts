import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A file shipped with the package (provider-schemas/, schemas/), found from wherever the
 * calling module runs: a checkout (sources run by tsx) or an installed package (dist/).
 */
export function packageFile(...parts: string[]): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, parts[0]!))) return path.join(dir, ...parts);
    if (path.dirname(dir) === dir) return path.join(__dirname, '..', '..', ...parts);
  }
}
