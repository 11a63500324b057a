/** SHLD/SHRD (SDM Vol. 2 "SHLD", "SHRD"; kvm-unit-tests x86/emulator.c test_shld_shrd). */
import { describe, expect, it } from 'vitest'
import { CF, OF, PF, SF, ZF } from '../constants'
import { runProgram } from '../test-support'

const A = 0x200000

describe('double-precision shifts', () => {
  it('kvm-unit-tests test_shld_shrd: (0x12345678 << 3) | 5 and (0x12345678 >> 3) | (5 << 29) by CL into memory', () => {
    const { cpu } = runProgram(`
      movl $0x12345678, ${A}
      movl $0x12345678, ${A + 4}
      mov $0xaaaaaaaa, %eax
      mov $3, %cl
      shld %cl, %eax, ${A}
      mov $0x55555555, %eax
      shrd %cl, %eax, ${A + 4}
      hlt
    `)
    expect(cpu.peek(A, 4)).toBe(((0x12345678 << 3) | 5) >>> 0)
    expect(cpu.peek(A + 4, 4)).toBe(((0x12345678 >>> 3) | (5 << 29)) >>> 0)
  })

  it('flags: CF is the last bit out, OF the sign change of a 1-bit shift, SF/ZF/PF of the result', () => {
    // 0x80000000 shld 1 with src 0: result 0, CF = 1 (bit 31 out), OF = 1 (sign 1 → 0), ZF, PF.
    const { cpu } = runProgram(`
      mov $0x80000000, %eax
      xor %ebx, %ebx
      shld $1, %ebx, %eax
      hlt
    `)
    expect(cpu.getReg(0)).toBe(0n)
    expect(Number(cpu.getRflags()) & (CF | OF | SF | ZF | PF)).toBe(CF | OF | ZF | PF)
  })

  it('64-bit SHRD takes a 6-bit count: rax = 1, rbx = -1, count 63 → 0xfffffffffffffffe; CF = bit 62 of rax (0)', () => {
    const { cpu } = runProgram(`
      mov $1, %rax
      mov $-1, %rbx
      shrd $63, %rbx, %rax
      hlt
    `)
    expect(cpu.getReg(0)).toBe(0xfffffffffffffffen)
    expect(Number(cpu.getRflags()) & (CF | SF)).toBe(SF)
  })

  it('a masked count of 0 changes no flags and leaves memory alone; a 32-bit register is still zero-extended', () => {
    const { cpu } = runProgram(`
      movabs $0x1122334455667788, %rax
      stc
      mov $32, %cl
      shld %cl, %ebx, %eax
      setc %dl
      hlt
    `)
    expect(cpu.getReg(0)).toBe(0x55667788n)
    expect(cpu.getReg(2) & 0xffn).toBe(1n)
  })
})
