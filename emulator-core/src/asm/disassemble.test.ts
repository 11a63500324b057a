import { describe, expect, it } from 'vitest'
import { disassemble } from './disassemble'

describe('disassemble', () => {
  it('prints GAS syntax with lowercase 0x numbers, as objdump does', () => {
    // objdump -D -b binary -m i386:x86-64 (binutils 2.40), except that objdump spells %dr6 as %db6.
    const bytes = new Uint8Array([0x0f, 0x21, 0xf0, 0xcc, 0x9c, 0x48, 0x83, 0xc0, 0x01, 0x8b, 0x44, 0x24, 0x08, 0xf1, 0x0f, 0x0b])
    expect(disassemble(bytes, 0x1000n).map((d) => [d.address, d.length, d.text])).toEqual([
      [0x1000n, 3, 'mov %dr6,%rax'],
      [0x1003n, 1, 'int3'],
      [0x1004n, 1, 'pushf'],
      [0x1005n, 4, 'add $0x1,%rax'],
      [0x1009n, 4, 'mov 0x8(%rsp),%eax'],
      [0x100dn, 1, 'int1'],
      [0x100en, 2, 'ud2'],
    ])
  })

  it('marks bytes that do not decode as (bad) and keeps going', () => {
    const decoded = disassemble(new Uint8Array([0x90, 0x48]), 0n)
    expect(decoded.map((d) => [d.address, d.text, [...d.bytes]])).toEqual([
      [0n, 'nop', [0x90]],
      [1n, '(bad)', [0x48]],
    ])
  })

  it('returns nothing for no bytes', () => {
    expect(disassemble(new Uint8Array(0), 0n)).toEqual([])
  })
})
