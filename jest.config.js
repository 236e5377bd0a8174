/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // transpile only (fast); `npm run typecheck` type-checks
  transform: {
    '^.+\\.ts$': ['ts-jest', { transpilation: true }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  maxWorkers: 2,
};
