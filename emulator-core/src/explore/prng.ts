/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32). Each fuzz case gets its own stream
 * derived from (seed, index), so case N is the same whichever worker generates it and in what order.
 */
export interface Prng {
  /** A uniform 32-bit unsigned integer. */
  next(): number
  /** A uniform integer in [0, n). */
  below(n: number): number
  /** True with probability numerator/denominator (integers, no floats). */
  chance(numerator: number, denominator: number): boolean
  pick<T>(items: readonly T[]): T
}

/** splitmix32's output for one state of its counter. */
function splitmix32(state: number): number {
  let z = state
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) | 0
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** The stream for case `index` of campaign `seed`. */
export function createPrng(seed: number, index = 0): Prng {
  return new Xoshiro128(seed, index)
}

/** A class, not closures: every fuzz case makes one, and its methods need no per-stream functions. */
class Xoshiro128 implements Prng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  constructor(seed: number, index: number) {
    let state = (seed ^ Math.imul(index + 1, 0x632be5ab)) | 0
    state = (state + 0x9e3779b9) | 0
    this.s0 = splitmix32(state)
    state = (state + 0x9e3779b9) | 0
    this.s1 = splitmix32(state)
    state = (state + 0x9e3779b9) | 0
    this.s2 = splitmix32(state)
    state = (state + 0x9e3779b9) | 0
    this.s3 = splitmix32(state)
  }

  next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  // Rejection sampling keeps below() exactly uniform.
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`below(${n})`)
    const limit = 0x100000000 - (0x100000000 % n)
    for (;;) {
      const v = this.next()
      if (v < limit) return v % n
    }
  }

  chance(numerator: number, denominator: number): boolean {
    return this.below(denominator) < numerator
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list')
    return items[this.below(items.length)]
  }
}
