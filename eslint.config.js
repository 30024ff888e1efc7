// Lint rules: typescript-eslint's recommended set plus React hooks; the engine must stay DOM-free.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', '.e2e-dist', 'node_modules', 'test-results', 'playwright-report', 'screenshots'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine is pure: no DOM, no React, no d3, no worker globals.
    files: ['src/sim/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: ['react*', 'd3*', 'zustand*', '../view/*', '../ui/*', '../worker/*', '../state/*'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'postMessage', 'performance'],
      // Seeded randomness and simulated time only: same scenario and seed, same trace.
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (src/sim/prng.ts).' },
        { object: 'Date', property: 'now', message: 'The engine runs on simulated time.' },
      ],
    },
  },
);
