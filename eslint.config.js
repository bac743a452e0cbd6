// ESLint: type-aware TypeScript rules, Lit and web-component rules, and the layer rules
// (README "Architecture": model ← bench, store ← ui). Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Packages each layer may not import: the model is pure, the bench core never renders or stores. */
const UI_PACKAGES = ['lit', 'lit/*', '@lit/*', 'uplot', 'uplot/*'];
const STORE_PACKAGES = ['idb-keyval', 'fake-indexeddb', 'fake-indexeddb/*'];

/** `from` paths a layer may not import from, relative to the repository root. */
const notInSrc = (layer, ...allowed) => ({
  target: `./src/${layer}`,
  from: './src',
  except: [`./${layer}`, ...allowed.map((l) => `./${l}`)],
  message: `src/${layer} may import only ${[layer, ...allowed].join(', ')} (README: Layout).`,
});

export default defineConfig(
  globalIgnores([
    'dist/',
    'dist-*/',
    'test-results/',
    'playwright-report/',
    'python/',
    'shaders/',
    'public/',
    '.gl/',
    '.whl/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // One TypeScript service for all files, each checked under its nearest tsconfig.json
        // (src/model and src/bench have their own); far cheaper than `project: [...]`.
        projectService: { allowDefaultProject: ['types/*.d.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Passing on a caught `unknown` is fine; rejecting with a fresh non-Error is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // An async function without await is deliberate here: it turns a synchronous throw
      // (structuredClone, a blocked indexedDB.open) into a rejection, and fakes use it.
      '@typescript-eslint/require-await': 'off',
      // tsc's noUnusedLocals/noUnusedParameters already report these.
      '@typescript-eslint/no-unused-vars': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },

  // Imports: no cycles anywhere, and each layer imports only the layers below it.
  {
    plugins: { 'import-x': importX },
    settings: {
      // Follow imports into .ts files, parsed by typescript-eslint (without type information).
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      // Type-only imports are erased at compile time, so only runtime cycles count.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            notInSrc('model'),
            notInSrc('bench', 'model'),
            notInSrc('store', 'model'),
            // Nothing in src/ depends on the tests or the CLI scripts.
            { target: './src', from: ['./tests', './scripts'], message: 'src/ must not import tests/ or scripts/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...UI_PACKAGES, ...STORE_PACKAGES], message: 'src/model is pure: no UI or storage packages.' },
            { regex: '^node:', message: 'src/model runs in the page, workers and Node alike: no node: modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/bench/**/*.ts', 'src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: UI_PACKAGES, message: 'Only src/ui renders (README: Layout).' }] },
      ],
    },
  },

  // Lit elements.
  {
    files: ['src/ui/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    // eslint-plugin-wc recognises elements by base class; ours are LitElements.
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      'lit/lifecycle-super': 'error',
      'lit/no-classfield-shadowing': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-useless-template-literals': 'error',
      'lit/prefer-static-styles': 'error',
      // File = tag = class (STYLE.md): bench-panel.ts defines <bench-panel>, class BenchPanel.
      'wc/file-name-matches-element': 'error',
      'wc/tag-name-matches-class': 'error',
      // LitElement's lifecycle methods always exist, so super calls need no guard.
      'wc/guard-super-call': 'off',
      // Lit calls `@event=${this.onX}` listeners with `this` set to the host element.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    files: ['tests/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (expect.stringMatching, …) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },

  // Runtimes: the page for src/, Node for the CLI scripts, the tests and the config files.
  { files: ['src/**/*.ts'], languageOptions: { globals: globals.browser } },
  {
    files: ['scripts/**', 'tests/**/*.ts', 'src/bench/node/**/*.ts', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
);
