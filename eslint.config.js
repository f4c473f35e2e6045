// The rules the code already follows, kept so (`pnpm lint`). No formatting rules: layout is
// left to the authors, and a formatter's rewrite of every file would help nobody.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

const TESTS = ['**/*.test.ts', '**/test-support/**', 'tests/**']

export default defineConfig(
  // openapi/src/schema.ts is generated (pnpm openapi).
  { ignores: ['**/dist/', '**/node_modules/', 'dist-packages/', 'openapi/src/schema.ts', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `x == null` stands for "null or undefined" throughout.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // An empty case with a comment above the next one says why they share a body.
      'no-fallthrough': ['error', { allowEmptyCase: true }],
      // A callback that reads the variable before its one assignment needs `let` (the TDZ).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Destructuring to leave fields out (`{ id, ...rest }`) is how the code drops them.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, caughtErrors: 'none' }],
    },
  },
  {
    // Type-aware, so only where each package's tsconfig already has the types: its shipped source.
    files: ['services/control-plane/src/**/*.ts', 'sdks/*/src/**/*.ts', 'cli/src/**/*.ts'],
    ignores: TESTS,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits is marked `void` where that is the intent.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: TESTS,
    rules: {
      // Tests read JSON answers whose shape the assertions check.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The wrappers forward `arguments` on purpose: no array allocated on every wrapped call.
    files: ['sdks/node/src/chaos-wrappers.ts'],
    rules: { 'prefer-rest-params': 'off' },
  },
  {
    // The service logs through pino (request.log, logger.child({ module })); its CLIs write to stdout.
    files: ['services/control-plane/src/**', 'sdks/core/src/**'],
    ignores: TESTS,
    rules: { 'no-console': 'error' },
  },
)
