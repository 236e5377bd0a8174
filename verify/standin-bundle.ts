import * as path from 'node:path';

// Terraform starts a provider for nearly every command it runs before a check reattaches.
// From a checkout, the stand-in's sources went through tsx at every start (0.9 s of CPU each);
// as one JavaScript bundle with the packages it uses, a start takes about 0.35 s. The bundle
// is the launcher's (launch/bundle-cache.cjs): built once, rebuilt when a source changes, and
// kept under the checkout's node_modules/.cache, where what protobufjs requires at run time
// resolves. An installed package runs its compiled dist/ and never needs this.

/** the path of a plain JavaScript bundle of the stand-in whose entry is `entry` (a .ts file) */
export function standinBundle(entry: string): string {
  // the launcher and esbuild come with a checkout, never with the package
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bundledSync } = require('../launch/bundle-cache.cjs') as typeof import('../launch/bundle-cache.cjs');
  return bundledSync({ entry, root: path.resolve(path.dirname(entry), '..'), name: 'standin-provider' });
}
