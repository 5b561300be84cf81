// Lint: zero warnings, and the dependency direction of docs/ARCHITECTURE.md enforced per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

/** Pure code may not read the wall clock or Math.random: it gets a SimClock and a seeded Rand. */
const determinism = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded Rand from src/engine/rand.ts.' },
    { object: 'Date', property: 'now', message: 'Use the simulated clock (ctx.now() / SimClock.now()).' },
    { object: 'performance', property: 'now', message: 'Use the simulated clock.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'new Date() reads the wall clock; pass the simulated time.',
    },
  ],
  'no-restricted-globals': [
    'error',
    'window',
    'document',
    'localStorage',
    'postMessage',
    'setTimeout',
    'setInterval',
  ],
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'test-results', 'playwright-report', 'tests/e2e/output'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      ...determinism,
      ...restrict([
        {
          group: ['**/ui/**', '**/worker/**', '**/kubectl/**', '**/shell/**', '**/cli/**', '**/lessons/**'],
          message: 'The engine depends on nothing above it.',
        },
      ]),
    },
  },
  {
    files: ['src/api/**/*.ts', 'src/apimachinery/**/*.ts'],
    rules: {
      ...determinism,
      ...restrict([
        {
          group: ['**/engine/**', '**/ui/**', '**/worker/**', '**/kubectl/**', '**/shell/**', '**/cli/**'],
          message: 'API types and apimachinery are leaves.',
        },
      ]),
    },
  },
  {
    files: ['src/kubectl/**/*.ts', 'src/shell/**/*.ts', 'src/lessons/**/*.ts'],
    rules: {
      ...determinism,
      ...restrict([
        {
          group: ['**/engine/**'],
          message: 'kubectl, shell and lessons are API clients: import src/api, never engine internals.',
        },
        { group: ['**/ui/**', '**/worker/**', '**/cli/**'], message: 'No imports from hosts.' },
      ]),
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        {
          group: ['**/engine/**', '**/kubectl/**', '**/shell/**'],
          message: 'The UI talks to the worker client only.',
        },
      ]),
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/worker/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='postMessage']",
          message: 'Only src/worker calls postMessage.',
        },
        {
          selector: "CallExpression[callee.property.name='postMessage']",
          message: 'Only src/worker calls postMessage.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'new Date() reads the wall clock; pass the simulated time.',
        },
      ],
    },
  },
  {
    // Ambient declarations of host globals need `declare var`.
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off' },
  },
  {
    files: [
      'src/worker/**/*.ts',
      'src/cli/**/*.ts',
      'scripts/**/*.ts',
      'bench/**/*.ts',
      'tests/**/*.ts',
      '*.config.{js,ts}',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
