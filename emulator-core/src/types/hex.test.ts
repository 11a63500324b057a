import { describe, expect, it } from 'vitest'
import { hex, parseHex } from './hex'

describe('hex', () => {
  it('formats numbers and bigints alike, lowercase with 0x', () => {
    expect(hex(0)).toBe('0x0')
    expect(hex(0xffff0ff0)).toBe('0xffff0ff0')
    expect(hex(0xffff0ff0n)).toBe('0xffff0ff0')
    expect(hex(0xffffffffffffffffn)).toBe('0xffffffffffffffff')
    expect(hex(2 ** 60)).toBe(hex(2n ** 60n))
  })

  it('stays right past its memo of formatted values', () => {
    for (let round = 0; round < 2; round++) {
      for (let v = 0n; v < 10_000n; v += 1n) if (hex(v * 0x10001n) !== `0x${(v * 0x10001n).toString(16)}`) throw new Error(`hex(${v * 0x10001n})`)
    }
    expect(hex(0x10001n)).toBe('0x10001')
  })

  it('refuses negative and fractional values', () => {
    expect(() => hex(-1)).toThrow(RangeError)
    expect(() => hex(-1n)).toThrow(RangeError)
    expect(() => hex(1.5)).toThrow(RangeError)
  })

  it('parses what it formats', () => {
    expect(parseHex(hex(0xdead_beefn))).toBe(0xdeadbeefn)
    expect(parseHex('12')).toBe(12n)
    expect(parseHex('0xg')).toBeUndefined()
  })
})
