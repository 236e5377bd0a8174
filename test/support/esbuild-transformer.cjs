// @ts-check
'use strict';
// Jest's transform for our TypeScript: esbuild strips the types of each file on its own, which
// tsconfig's isolatedModules guarantees is enough; `npm run typecheck` checks the types. It reads
// tsconfig.json as tsc does (class fields, module interop), and maps stack traces back to the source.
// Measured cold (a fresh clone), the whole suite: 120 s of CPU, against 127 s through ts-jest.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const TSCONFIG = readFileSync(path.join(__dirname, '..', '..', 'tsconfig.json'), 'utf8');
// a change to esbuild, tsconfig.json or this file makes Jest transform every file again
const SETTINGS = `${esbuild.version}\0${TSCONFIG}\0${readFileSync(__filename, 'utf8')}`;

/** @type {import('@jest/transform').SyncTransformer} */
module.exports = {
  process(source, file) {
    const result = esbuild.transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      // import() becomes require(), as tsc writes it for CommonJS: Jest's module registry serves require
      supported: { 'dynamic-import': false },
      sourcefile: file,
      sourcemap: 'external',
      tsconfigRaw: TSCONFIG,
    });
    return { code: result.code, map: result.map };
  },
  getCacheKey(source, file) {
    return createHash('sha256').update(`${SETTINGS}\0${file}\0`).update(source).digest('hex');
  },
};
