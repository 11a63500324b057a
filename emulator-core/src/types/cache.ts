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

/**
 * Values by key, bounded: past `bound` entries it starts over (the workloads repeat a small set, so
 * starting over costs less than LRU bookkeeping on every hit). Module-private to its layer's caches
 * module, which hands out lookups, never the memo.
 */
export class Memo<K, V> implements Cache {
  private readonly entries = new Map<K, V>()

  constructor(
    readonly name: string,
    readonly bound: number,
  ) {}

  /** The value remembered for `key`, or undefined. */
  find(key: K): V | undefined {
    return this.entries.get(key)
  }

  /** Remembers `value` for `key` (starting over when full) and returns it. */
  remember(key: K, value: V): V {
    if (this.entries.size >= this.bound) this.entries.clear()
    this.entries.set(key, value)
    return value
  }

  size(): number {
    return this.entries.size
  }

  reset(): void {
    this.entries.clear()
  }
}

/**
 * Values by object key, held weakly (an entry dies with its key) and bounded like Memo: past `bound`
 * entries remembered since the last start it starts over.
 */
export class WeakMemo<K extends object, V> implements Cache {
  private entries = new WeakMap<K, V>()
  private remembered = 0

  constructor(
    readonly name: string,
    readonly bound: number,
  ) {}

  find(key: K): V | undefined {
    return this.entries.get(key)
  }

  remember(key: K, value: V): V {
    if (!this.entries.has(key)) {
      if (this.remembered >= this.bound) this.reset()
      this.remembered++
    }
    this.entries.set(key, value)
    return value
  }

  /** Entries remembered since the last start (some may have died with their keys). */
  size(): number {
    return this.remembered
  }

  reset(): void {
    this.entries = new WeakMap()
    this.remembered = 0
  }
}
