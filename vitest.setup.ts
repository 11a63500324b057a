// Every test starts with the engine's caches empty, so no test depends on what an earlier one left there.
import { beforeEach } from 'vitest'
// The cache registry is engine-internal (not an exported entry point); only this test setup reaches it.
// eslint-disable-next-line no-restricted-imports
import { resetCaches } from './emulator-core/src/caches'

beforeEach(() => {
  resetCaches()
})
