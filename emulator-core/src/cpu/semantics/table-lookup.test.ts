/** XLAT (SDM Vol. 2 "XLAT"; kvm-unit-tests x86/realmode.c test_xlat). */
import { describe, expect, it } from 'vitest'
import { runProgram } from '../test-support'

describe('XLAT', () => {
  it('realmode.c test_xlat: table[i] = i + 1, EAX 0x89abcdef → 0x89abcdf0 (only AL changes)', () => {
    const { cpu } = runProgram(`
      mov $table, %rbx
      xor %ecx, %ecx
      fill: lea 1(%rcx), %eax
      mov %al, (%rbx,%rcx)
      inc %ecx
      cmp $256, %ecx
      jne fill
      mov $0x89abcdef, %eax
      xlat
      hlt
      table: .fill 256, 1, 0
    `)
    expect(cpu.getReg(0)).toBe(0x89abcdf0n)
  })

  it('with 32-bit addressing EBX + AL wraps at 4 GiB', () => {
    const { cpu } = runProgram('movb $0x77, 0x10\nmovabs $0x1ffffffff, %rbx\nmov $0x11, %eax\naddr32 xlat\nhlt')
    expect(cpu.getReg(0) & 0xffn).toBe(0x77n)
  })
})
