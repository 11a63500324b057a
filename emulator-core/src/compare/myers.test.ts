import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { alignKeys, type AlignStep } from './myers'

const codes = (s: string) => Array.from(s, (c) => c.charCodeAt(0))

/** Classic O(N·M) LCS length, the oracle for optimality on small inputs. */
function lcsLength(a: number[], b: number[]): number {
  const row = new Array<number>(b.length + 1).fill(0)
  for (const x of a) {
    let diag = 0
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1])
      diag = up
    }
  }
  return row[b.length]
}

/** Every index of both sides appears once, in order, and matched pairs hold equal keys. */
function expectWellFormed(a: number[], b: number[], steps: AlignStep[]): void {
  const as = steps.filter((s) => s.a !== undefined).map((s) => s.a)
  const bs = steps.filter((s) => s.b !== undefined).map((s) => s.b)
  expect(as).toEqual(a.map((_, i) => i))
  expect(bs).toEqual(b.map((_, i) => i))
  for (const s of steps) if (s.a !== undefined && s.b !== undefined) expect(a[s.a]).toBe(b[s.b])
}

const matches = (steps: AlignStep[]) => steps.filter((s) => s.a !== undefined && s.b !== undefined).length

describe('alignKeys', () => {
  it('finds the LCS of Myers\' example ABCABBA / CBABAC (D = 5, so 4 matches)', () => {
    const a = codes('ABCABBA'), b = codes('CBABAC')
    const steps = alignKeys(a, b)
    expectWellFormed(a, b, steps)
    expect(matches(steps)).toBe(4)
    expect(steps.length).toBe(7 + 6 - 4)
  })

  it('handles empty sides', () => {
    expect(alignKeys([], [])).toEqual([])
    expect(alignKeys([1, 2], [])).toEqual([{ a: 0 }, { a: 1 }])
    expect(alignKeys([], [7])).toEqual([{ b: 0 }])
  })

  it('puts a replaced run as a-gaps then b-gaps between the matches', () => {
    expect(alignKeys([1, 2, 3, 4], [1, 5, 6, 4])).toEqual([
      { a: 0, b: 0 }, { a: 1 }, { a: 2 }, { b: 1 }, { b: 2 }, { a: 3, b: 3 },
    ])
  })

  it('matches an insertion without shifting the rest (not by index)', () => {
    expect(alignKeys([1, 2, 3], [1, 9, 2, 3])).toEqual([{ a: 0, b: 0 }, { b: 1 }, { a: 1, b: 2 }, { a: 2, b: 3 }])
  })

  it('is minimal on random small inputs (LCS length equals the DP oracle)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }), (a, b) => {
        const steps = alignKeys(a, b)
        expectWellFormed(a, b, steps)
        expect(matches(steps)).toBe(lcsLength(a, b))
      }),
      { numRuns: 300 },
    )
  })

  it('stays well-formed past the cost limit on two unrelated long sequences', () => {
    let seed = 12345
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 50
    const a = Array.from({ length: 6000 }, next)
    const b = Array.from({ length: 6000 }, next)
    expectWellFormed(a, b, alignKeys(a, b))
  })

  it('aligns 100,000 keys with a few edits exactly', () => {
    const a = Array.from({ length: 100_000 }, (_, i) => i % 1000)
    const b = [...a]
    b.splice(50_000, 3)
    b.splice(70_000, 0, -1, -2)
    const steps = alignKeys(a, b)
    expect(steps.length).toBe(100_002)
    expect(matches(steps)).toBe(99_997)
    expect(steps.filter((s) => s.b === undefined).map((s) => s.a)).toEqual([50_000, 50_001, 50_002])
    expect(steps.filter((s) => s.a === undefined).map((s) => s.b)).toEqual([70_000, 70_001])
  })
})
