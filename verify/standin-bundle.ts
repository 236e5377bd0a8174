import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

// Terraform starts a provider for nearly every command: 24 times for one stack's cycle of
// validate, plan, apply and plan again. From a checkout, the stand-in's sources went through
// tsx at every start (0.9 s of CPU each); bundled once, with the packages it uses, into one
// JavaScript file, a start takes about 0.35 s. The bundle is written under the checkout's
// node_modules/.cache, named by its content (a change makes a new one), so what protobufjs
// still requires at run time resolves from there. An installed package runs its compiled
// dist/ and never needs this.

const bundles = new Map<string, string>();

/** the path of a plain JavaScript bundle of the stand-in whose entry is `entry` (a .ts file) */
export function standinBundle(entry: string): string {
  const known = bundles.get(entry);
  if (known) return known;
  // esbuild comes with the checkout's dev dependencies, never with the package
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const root = path.resolve(path.dirname(entry), '..');
  const built = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    // the protocol files and the schemas are found from the sources' folder, as when run by tsx
    define: { __dirname: JSON.stringify(path.dirname(entry)) },
    logLevel: 'silent',
  });
  const text = built.outputFiles[0]!.text;
  const folder = path.join(root, 'node_modules', '.cache', 'ibm-data-guard');
  const file = path.join(folder, `standin-provider-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`);
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    // written whole, then renamed: test workers may build the same bundle at once
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  bundles.set(entry, file);
  return file;
}
