// `npm run test:perf` (run by `npm run bench`): tests that pin V8 internals (hidden classes, field
// representations, allocation counts). They break with a V8 upgrade rather than with a model change,
// so `npm test` leaves them out.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['emulator-core/src/**/*.perf.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    pool: 'threads',
  },
})
