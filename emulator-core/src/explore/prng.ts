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

function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0
  let z = s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return [s, (z ^ (z >>> 16)) >>> 0]
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** The stream for case `index` of campaign `seed`. */
export function createPrng(seed: number, index = 0): Prng {
  let state = (seed ^ Math.imul(index + 1, 0x632be5ab)) | 0
  const s: number[] = []
  for (let i = 0; i < 4; i++) {
    const [nextState, value] = splitmix32(state)
    state = nextState
    s.push(value | 0)
  }
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0
    const t = s[1] << 9
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result
  }
  // Rejection sampling keeps below() exactly uniform.
  const below = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`below(${n})`)
    const limit = 0x100000000 - (0x100000000 % n)
    for (;;) {
      const v = next()
      if (v < limit) return v % n
    }
  }
  return {
    next,
    below,
    chance: (numerator, denominator) => below(denominator) < numerator,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() from an empty list')
      return items[below(items.length)]
    },
  }
}
