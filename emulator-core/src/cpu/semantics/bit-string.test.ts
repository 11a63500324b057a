/** BT/BTS/BTR/BTC with a register offset into memory (SDM Vol. 2 "BT"; kvm-unit-tests x86/emulator.c test_btc). */
import { describe, expect, it } from 'vitest'
import { runProgram } from '../test-support'

const A = 0x200000

describe('bit strings (BT* reg, mem)', () => {
  it('kvm-unit-tests test_btc: imm8 offsets wrap in the dword, register offsets index the string, negative ones go below it', () => {
    // x86/emulator.c test_btc(): a[0..3] = 0; btcl $32,a[0]; btcl $1,a[1]; btcl 66,a[0] → 1, 2, 4;
    // btcl -1,a[3] → a[2] = 0x80000004; btcq -1,a[2] → a[1] = 0x80000002, a[3] = 0.
    const { cpu, faults } = runProgram(`
      mov $${A}, %rdi
      btcl $32, (%rdi)
      btcl $1, 4(%rdi)
      mov $66, %eax
      btcl %eax, (%rdi)
      mov $-1, %eax
      btcl %eax, 12(%rdi)
      mov $-1, %rax
      btcq %rax, 8(%rdi)
      hlt
    `)
    expect(faults).toEqual([])
    expect([0, 4, 8, 12].map((o) => cpu.peek(A + o, 4))).toEqual([1, 0x80000002, 0x80000004, 0])
  })

  it('CF is the selected bit; BTS/BTR set and clear it; ZF is unaffected (SDM "BT" Flags Affected)', () => {
    const { cpu } = runProgram(`
      mov $${A}, %rdi
      movl $0x10, 8(%rdi)
      xor %eax, %eax
      mov $68, %ecx
      btl %ecx, (%rdi)
      setc %bl
      mov $69, %ecx
      btsl %ecx, (%rdi)
      setc %bh
      mov $68, %ecx
      btrl %ecx, (%rdi)
      setc %dl
      setz %dh
      hlt
    `)
    expect(cpu.getReg(3) & 0xffffn).toBe(0x0001n)
    expect(cpu.getReg(2) & 0xffffn).toBe(0x0101n)
    expect(cpu.peek(A + 8, 4)).toBe(0x20)
  })

  it('16-bit operands take a signed 16-bit offset and address words', () => {
    const { cpu } = runProgram(`
      mov $${A + 0x10}, %rdi
      mov $-16, %ax
      btsw %ax, (%rdi)
      mov $17, %ax
      btsw %ax, (%rdi)
      hlt
    `)
    expect(cpu.peek(A + 0xe, 2)).toBe(1)
    expect(cpu.peek(A + 0x12, 2)).toBe(2)
  })

  it('a bit string reaching outside guest memory faults with the unit address (#PF, CR2 at memory end)', () => {
    const { faults, symbols } = runProgram(`
      mov $${A}, %rdi
      mov $0x7fffffff, %eax
      bad: btl %eax, (%rdi)
      hlt
    `)
    expect(faults).toEqual([[14, 0, symbols.bad]])
  })
})
