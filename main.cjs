// @ts-check
'use strict';
// The cdktf app (cdktf.json's "app", and npm run synth): one stack per environment file in
// environments/ (or $ENVIRONMENTS_DIR). It runs environment/app.ts as one JavaScript bundle,
// rebuilt whenever a source changes (launch/bundle-cache.cjs): a third of the CPU of a small
// synth went to loading modules through tsx.
const path = require('node:path');
const { bundled } = require('./launch/bundle-cache.cjs');

bundled({ entry: path.join(__dirname, 'environment', 'app.ts'), root: __dirname, name: 'app' })
  .then(({ file }) => {
    /** @type {typeof import('./environment/app')} */
    const app = require(file);
    // main() prints every problem itself, and never a stack trace
    app.main();
  })
  .catch((error) => {
    // a source that does not build, or esbuild missing: its message, no stack trace
    process.stderr.write(`synth failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
