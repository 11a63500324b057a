import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['emulator-core/src/**/*.test.ts', 'src-main/**/*.test.ts', 'examples/**/*.test.ts'],
    pool: 'threads',
  },
})
