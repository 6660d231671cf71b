// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
];
const nativeDevices = ['serialport', '@serialport/*', 'node-hid'];

/** Another top-level folder is reached by its alias (`#shared/…`, package.json `imports`). */
const CLIMBING = {
  regex: '^(\\.\\./)+(shared|electron|hub|renderer|test)/',
  message: 'Import another top-level folder by its alias (#shared/…, #hub/…), not by ../',
};

/** Temporal comes through shared/time only (decision 0011): one place picks the implementation. */
const TEMPORAL = {
  group: ['temporal-polyfill', 'temporal-polyfill/*'],
  message:
    'Use shared/time (decision 0011): never temporal-polyfill directly, nor its global install.',
};

/**
 * The layering rule of docs/architecture.md: shared/ imports nothing of the others; only electron/
 * imports electron; renderer/ never touches Node; hub/ never touches Electron or the renderer.
 * @param {string[]} names bare module names or patterns to forbid
 * @param {string[]} folders top-level folders that may not be reached by relative imports
 * @param {string} why message shown on violation
 * @param {{ allowTemporal?: boolean }} [options] shared/time alone may import temporal-polyfill
 */
function layer(names, folders, why, { allowTemporal = false } = {}) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          CLIMBING,
          ...(allowTemporal ? [] : [TEMPORAL]),
          ...(names.length ? [{ group: names, message: why }] : []),
          ...(folders.length
            ? [
                { group: folders.flatMap((f) => [`**/${f}/**`, `../${f}`]), message: why },
                { regex: `^#(${folders.join('|')})/`, message: why },
              ]
            : []),
        ],
      },
    ],
  };
}

/** @param {{ allowTemporal?: boolean }} [options] */
function sharedLayer(options) {
  return layer(
    ['electron', ...nodeBuiltins, ...nativeDevices, 'dexie', 'svelte', 'svelte/*'],
    ['electron', 'renderer', 'hub'],
    'shared/ is runtime-neutral: it imports nothing of the other folders nor any runtime.',
    options,
  );
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'test-results-console/**',
      'playwright-report/**',
      '.bench/**',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        projectService: true,
        extraFileExtensions: ['.svelte'],
      },
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  { files: ['shared/**'], rules: sharedLayer() },
  { files: ['shared/time/**'], rules: sharedLayer({ allowTemporal: true }) },
  {
    files: ['renderer/**'],
    rules: layer(
      ['electron', ...nodeBuiltins, ...nativeDevices],
      ['electron', 'hub'],
      'renderer/ imports its own tree and shared/ only; it never touches Node or Electron.',
    ),
  },
  {
    files: ['hub/**'],
    rules: layer(
      ['electron'],
      ['electron', 'renderer'],
      'hub/ imports its own tree and shared/ only.',
    ),
  },
  {
    // The console app runs in the operator's browser: no Node, and of the hub only its own tree.
    files: ['hub/console/src/**'],
    rules: layer(
      ['electron', ...nodeBuiltins, ...nativeDevices],
      ['electron', 'renderer', 'hub'],
      'hub/console/src/ runs in a browser: it imports its own tree and shared/ only.',
    ),
  },
  {
    files: ['electron/**'],
    rules: layer([], ['renderer', 'hub'], 'electron/ imports its own tree and shared/ only.'),
  },
  {
    files: ['scripts/**', 'e2e/**', 'test/**', '*.config.ts'],
    // The bare `electron` package only: a group pattern `electron` would also match the plain Node
    // modules under ../electron/main/ (readers), which scripts such as readers.ts run.
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            CLIMBING,
            TEMPORAL,
            { regex: '^electron(/|$)', message: 'Only electron/ imports electron.' },
          ],
        },
      ],
    },
  },
);
