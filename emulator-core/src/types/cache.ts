/**
 * A process-wide memo, cache, slab or pool, as its layer's caches module lists it. Everything such a
 * cache holds can be rebuilt from its key, so emptying it changes no result, only the time and
 * memory the next uses take.
 */
export interface Cache {
  /** Names what is remembered, by what key. */
  readonly name: string
  /** The most it holds before it starts over (in its own unit: entries, bytes, slots). */
  readonly bound: number
  /** How much it holds now (same unit as `bound`). */
  size(): number
  /** Forgets everything (what was handed out stays valid with its holders). */
  reset(): void
}
