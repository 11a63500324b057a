import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['emulator-core/src/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'examples/**/*.test.ts', 'bin/**/*.test.ts', 'docs/**/*.test.ts'],
    // Tests that pin V8 internals (hidden classes, allocation) run with the bench: vitest.perf.config.ts.
    exclude: ['**/node_modules/**', '**/*.perf.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    pool: 'threads',
    // The JSON report feeds .ci/run's closing "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/unit.json' },
  },
})
