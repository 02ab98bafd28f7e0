// Lint rules: the recommended sets of ESLint and typescript-eslint, nothing exotic.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'results/**', 'coverage/**', 'scratch/**', '.device/**', '.gl/**', '.whl/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', performance: 'readonly', navigator: 'readonly', window: 'readonly', document: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layers (docs/design.md): src/core is pure and imports no other layer; src/ui runs in the
  // browser and never reaches src/node or src/cli. src/core/tsconfig.json and src/ui/tsconfig.json
  // hold the same line for the types (no DOM or Node in core, no Node in ui).
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/gpu/*', '**/cpu/*', '**/ui/*', '**/node/*', '**/sweep/*', '**/cli/*', 'node:*'], message: 'src/core is pure: it imports no other layer and no Node module.' }] }] },
  },
  {
    files: ['src/ui/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/node/*', '**/cli/*', 'node:*'], message: 'src/ui runs in the browser: it imports neither src/node nor src/cli nor Node modules.' }] }] },
  },
);
