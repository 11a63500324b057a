import { describe, expect, it } from 'vitest'
import { sameRecord } from './observables'

describe('sameRecord', () => {
  it('is whether the two records render the same JSON', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ reason: 'DEBUG', dr6: '0xffff4ff0' }, { reason: 'DEBUG', dr6: '0xffff4ff0' }],
      [{ reason: 'DEBUG', dr6: '0xffff4ff0' }, { reason: 'DEBUG', dr6: '0xffff0ff0' }],
      [{ reason: 'HLT', pc: undefined }, { reason: 'HLT' }],
      [{ reason: 'HLT', pc: undefined, dr6: '0x1' }, { reason: 'HLT', dr6: '0x2' }],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [{ n: Number.NaN }, { n: null }],
      [{ n: 1 }, { n: 2 }],
      [{ n: 1 }, { n: '1' }],
      [{ r: { dr7: '0x400', on: true } }, { r: { dr7: '0x400', on: false } }],
      [[1, 2], [1, 2]],
      [[1, undefined], [1, null]],
      [[1], [1, 2]],
      ['halted', 'limit'],
    ]
    for (const [a, b] of cases) expect(sameRecord(a, b), JSON.stringify([a, b])).toBe(JSON.stringify(a) === JSON.stringify(b))
  })
})
