import { describe, expect, it } from 'vitest'
import { ddmin } from './ddmin'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('ddmin', () => {
  it('isolates the three items a synthetic failure needs', () => {
    const needs = [3, 11, 17]
    expect(ddmin(range(20), (s) => needs.every((n) => s.includes(n)))).toEqual([3, 11, 17])
  })

  it('returns a 1-minimal subset: removing any one item makes the test fail', () => {
    // Fails when the subset holds at least two even numbers and one multiple of 5.
    const test = (s: number[]) => s.filter((n) => n % 2 === 0).length >= 2 && s.some((n) => n % 5 === 0)
    const result = ddmin(range(30), test)
    expect(test(result)).toBe(true)
    for (let i = 0; i < result.length; i++) expect(test(result.filter((_, j) => j !== i))).toBe(false)
    expect(result).toEqual([0, 2])
  })

  it('keeps the original order', () => {
    const items = ['z', 'y', 'x', 'w']
    expect(ddmin(items, (s) => s.includes('x') && s.includes('z'))).toEqual(['z', 'x'])
  })

  it('returns the empty list when the test holds without any item', () => {
    expect(ddmin(range(5), () => true)).toEqual([])
  })

  it('never tests the same subset twice', () => {
    const seen = new Set<string>()
    ddmin(range(16), (s) => {
      const key = s.join(',')
      expect(seen.has(key)).toBe(false)
      seen.add(key)
      return s.includes(9)
    })
  })
})
