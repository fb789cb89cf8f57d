// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '**/dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'eslint.config.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      // The SDK's generated protobuf code is not a public entry point: one module owns it.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@scalekit-sdk/node/lib/*'],
              message: 'Import the SDK internals from src/scalekit/sdk-protos.ts, their one owner.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/scalekit/sdk-protos.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Tests talk to supertest/fetch bodies, which are untyped by nature.
    files: [
      'test/**/*.ts',
      '**/*.spec.ts',
      'bench/**/*.ts',
      'packages/*/test/**/*.ts',
      'examples/*/test/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
