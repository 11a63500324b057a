import { describe, expect, it } from 'vitest'
import { bigU32 } from './caches'

describe('bigU32', () => {
  it('is BigInt(value) for every value, colliding slots included', () => {
    const values = [0, 1, 2, 0x202, 0x400, 0xffff0ff0, 0xffff4ff0, 0xffffffff, 0x80000000]
    for (let v = 0; v < 5000; v += 7) values.push(v, 0xffff0000 + v)
    for (const v of [...values, ...values.reverse()]) expect(bigU32(v)).toBe(BigInt(v))
  })
})
