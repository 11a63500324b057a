import { describe, expect, it } from 'vitest'
import { createPrng } from './prng'

describe('createPrng', () => {
  it('gives the same stream for the same seed and index', () => {
    const a = createPrng(42, 7)
    const b = createPrng(42, 7)
    const xs = Array.from({ length: 8 }, () => a.next())
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(xs)
  })

  it('keeps the stream of a seed and index (fuzz cases are named by them)', () => {
    const rng = createPrng(2026, 5)
    expect([rng.next(), rng.next(), rng.next(), rng.next(), rng.below(6), rng.below(1000), rng.pick(['a', 'b', 'c'])]).toEqual([
      621955476, 1298975916, 2638489057, 3640830261, 1, 819, 'a',
    ])
    const negative = createPrng(-7)
    expect([negative.next(), negative.next()]).toEqual([903570587, 876949448])
  })

  it('gives different streams for neighbouring indexes and seeds', () => {
    const first = (seed: number, index: number) => createPrng(seed, index).next()
    expect(new Set([first(1, 0), first(1, 1), first(2, 0), first(2, 1)]).size).toBe(4)
  })

  it('keeps below(n) within [0, n) and reaches every value', () => {
    const rng = createPrng(3)
    const seen = new Set<number>()
    for (let i = 0; i < 600; i++) {
      const v = rng.below(6)
      expect(v >= 0 && v < 6).toBe(true)
      seen.add(v)
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('rejects an empty range', () => {
    expect(() => createPrng(1).below(0)).toThrow(RangeError)
    expect(() => createPrng(1).pick([])).toThrow(RangeError)
  })
})
