// The linter of the house (`npm run lint`, run by .ci/run): typescript-eslint's
// recommended rules over every TypeScript file, plus the few that keep the tree
// uniform, and the house format as @stylistic rules (`npm run format` applies
// them). Line breaks stay with the authors: no rule wraps or joins lines, since
// a kernel's args or a table of params read best one per line or all on one.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import stylistic from '@stylistic/eslint-plugin';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-app/', 'coverage/', 'test-results/', 'bench/.generated/', '.readme-scenes/', '.docs-examples/', '**/*.d.ts'] },
  js.configs.recommended,
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly', performance: 'readonly', globalThis: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', URL: 'readonly', SharedArrayBuffer: 'readonly', Atomics: 'readonly', WebAssembly: 'readonly', MessageChannel: 'readonly', Worker: 'readonly', self: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', history: 'readonly', location: 'readonly', HTMLElement: 'readonly', HTMLCanvasElement: 'readonly', KeyboardEvent: 'readonly', URLSearchParams: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly', DOMException: 'readonly', Event: 'readonly', EventTarget: 'readonly', ImageData: 'readonly', gc: 'readonly' },
    },
    rules: {
      // Explicit exports and one concept per file: no `export *` barrels.
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Export names explicitly ({ a, b }), not with export *.' }],
      // `_`-prefixed names are deliberately unused (destructuring a field away, a kernel's unused bound).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // Non-null assertions are how typed-array reads say "in range" on the hot path (noUncheckedIndexedAccess).
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, flatTernaryExpressions: true, offsetTernaryExpressions: true, ignoredNodes: ['TemplateLiteral *'] }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/object-curly-spacing': ['error', 'always'],
      '@stylistic/array-bracket-spacing': ['error', 'never'],
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/arrow-spacing': 'error',
      '@stylistic/block-spacing': 'error',
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/comma-spacing': 'error',
      '@stylistic/key-spacing': 'error',
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-before-blocks': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/space-in-parens': 'error',
      '@stylistic/space-before-function-paren': ['error', { anonymous: 'always', named: 'never', asyncArrow: 'always' }],
      '@stylistic/type-annotation-spacing': 'error',
      '@stylistic/member-delimiter-style': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxBOF: 0, maxEOF: 0 }],
      '@stylistic/no-tabs': 'error',
      '@stylistic/quote-props': ['error', 'as-needed'],
    },
  },
  {
    // Coroutine types need `any` in two places unknown cannot stand: a generator's TNext
    // (what a yield evaluates to differs per wait) and sets holding definitions of every
    // argument and result type (CoroutineDef is invariant in both).
    files: ['src/tasks/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
