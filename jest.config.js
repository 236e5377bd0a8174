/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // types stripped by esbuild, file by file (test/support/esbuild-transformer.cjs); `npm run typecheck` type-checks
  transform: {
    '^.+\\.ts$': '<rootDir>/test/support/esbuild-transformer.cjs',
  },
  // the examples import the package by its name, as users do
  moduleNameMapper: { '^ibm-data-guard$': '<rootDir>/constructs/index.ts', '^ibm-data-guard/guardrails$': '<rootDir>/guardrails/index.ts' },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  maxWorkers: 2,
  // a guard against a hang, not a speed limit: no test waits on wall-clock time, and CI
  // machines may be busy with other work
  testTimeout: 300_000,
};
