import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.gen/**', 'dist/**', 'cdktf.out/**', 'node_modules/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // every cdktf and binding import goes through constructs/core (the cdktn move is one edit)
      'no-restricted-imports': ['error', {
        paths: [{ name: 'cdktf', message: 'import cdktf through constructs/core/cdktf' }],
        patterns: [
          { regex: '^cdktf/', message: 'import cdktf through constructs/core/cdktf' },
          { regex: '/\\.gen/', message: 'import bindings through constructs/core/ibm-bindings' },
          { regex: '^@cdktf/provider-(?!generator)', message: 'import prebuilt provider bindings through constructs/core (time-bindings)' },
        ],
      }],
    },
  },
  {
    files: ['constructs/core/cdktf.ts', 'constructs/core/ibm-bindings.ts', 'constructs/core/time-bindings.ts', 'test/support/setup.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
