/** BSWAP (SDM Vol. 2 "BSWAP"; kvm-unit-tests x86/realmode.c test_bswap). */
import { describe, expect, it } from 'vitest'
import { runProgram } from '../test-support'

describe('BSWAP', () => {
  it('realmode.c test_bswap: ECX 0x12345678 → 0x78563412; the 32-bit form zero-extends', () => {
    const { cpu } = runProgram('movabs $0xffffffff12345678, %rcx\nbswap %ecx\nhlt')
    expect(cpu.getReg(1)).toBe(0x78563412n)
  })

  it('64-bit form reverses all eight bytes; no flags change', () => {
    const { cpu } = runProgram('movabs $0x0102030405060708, %r9\nstc\nbswap %r9\nsetc %al\nhlt')
    expect(cpu.getReg(9)).toBe(0x0807060504030201n)
    expect(cpu.getReg(0) & 0xffn).toBe(1n)
  })
})
