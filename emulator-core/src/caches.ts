/**
 * Every process-wide memo, cache and slab of the engine, layer by layer (each layer's caches module
 * says what it holds and why). Emptying them changes no result, only time and memory: the tests run
 * resetCaches() before each test (vitest.setup.ts), and caches.test.ts checks that traces with warm
 * and emptied caches are identical.
 */
import { asmCaches } from './asm/caches'
import { cpuCaches } from './cpu/caches'
import { kvmCaches } from './kvm/caches'
import { runCaches } from './run/caches'
import type { Cache } from './types/cache'
import { typesCaches } from './types/caches'

export const engineCaches: readonly Cache[] = [...typesCaches, ...cpuCaches, ...asmCaches, ...kvmCaches, ...runCaches]

/** Empties every engine cache (what was handed out stays valid with its holders). */
export function resetCaches(): void {
  for (const cache of engineCaches) cache.reset()
}
