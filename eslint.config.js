import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

// Outside emulator-core the engine is reached through the entry points its package.json exports
// (docs/architecture.md); src-main/layering.test.ts checks the same over dynamic imports and .mjs files.
const ENGINE_BY_PATH = { regex: '(^|/)emulator-core/src(/|$)', message: "import the engine through '@patchlab/emulator-core' and its exported entry points" }

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    // vue-tsc resolves names (DOM types included); ESLint's no-undef cannot see TypeScript's globals.
    rules: { 'no-undef': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain Node scripts (the CLI launcher, CI's summary).
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Only the Electron entry, the IPC registration and the preload may load electron: under plain Node
    // (tests, the HTTP bridge, the CLI) require('electron') tries to download a binary.
    files: ['**/*.ts', '**/*.vue'],
    ignores: ['src-main/index.ts', 'src-main/ipc/register.ts', 'src-main/preload/**', 'e2e/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'], patterns: [ENGINE_BY_PATH] }],
    },
  },
  {
    // The files the block above exempts from its electron rule still use the engine through its package.
    files: ['src-main/index.ts', 'src-main/ipc/register.ts', 'src-main/preload/**', 'e2e/**', '**/*.test.ts', '**/*.mjs'],
    ignores: ['emulator-core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [ENGINE_BY_PATH] }],
    },
  },
  {
    // The engine must run in Node, in workers and in a browser: no Electron, no Vue, no node: modules.
    files: ['emulator-core/src/**/*.ts'],
    ignores: ['emulator-core/src/**/*.test.ts', 'emulator-core/src/cli/**', 'emulator-core/src/node/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', 'vue', 'pinia', 'node:*', 'fs', 'path', 'worker_threads'] }],
    },
  },
)
