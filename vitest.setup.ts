// Every test starts with the engine's caches empty, so no test depends on what an earlier one left there.
import { beforeEach } from 'vitest'
import { resetCaches } from './emulator-core/src/caches'

beforeEach(() => {
  resetCaches()
})
