/** SYSCALL/SWAPGS (SDM Vol. 2 "SYSCALL", "SWAPGS"; kvm-unit-tests x86/syscall.c). */
import { describe, expect, it } from 'vitest'
import { DR6_BS, IF, TF } from '../constants'
import { deliveries, runProgram } from '../test-support'

/** WRMSR of a 64-bit immediate. */
function wrmsr(msr: number, value: bigint): string {
  return `mov $${msr}, %ecx\nmov $${value & 0xffffffffn}, %eax\nmov $${value >> 32n}, %edx\nwrmsr`
}

const SETUP = [
  'mov $0xc0000080, %ecx\nrdmsr\nor $1, %eax\nwrmsr', // EFER.SCE
  wrmsr(0xc0000081, 0x0013000800000000n), // STAR[47:32] = the runtime's kernel CS 0x08 (SS 0x10 = its kernel data)
  'mov $0xc0000082, %ecx\nmov $target, %eax\nxor %edx, %edx\nwrmsr', // LSTAR
].join('\n')

describe('SYSCALL', () => {
  it('RCX = next RIP, R11 = RFLAGS, RFLAGS &= ~FMASK, RIP = LSTAR, CS = STAR[47:32] & ~3, SS = CS + 8', () => {
    const { cpu, faults, symbols } = runProgram(`
      ${SETUP}
      ${wrmsr(0xc0000084, BigInt(IF | 0x400))}
      mov $0x10, %ecx
      pushq $0x602
      popfq
      syscall
      next: hlt
      target: hlt
    `)
    expect(faults).toEqual([])
    expect(cpu.getRip()).toBe(symbols.target + 1n)
    expect(cpu.getReg(1)).toBe(symbols.next)
    expect(cpu.getReg(11)).toBe(0x602n)
    expect(cpu.getRflags()).toBe(0x2n)
    expect([cpu.seg[1], cpu.seg[2], cpu.cpl]).toEqual([0x08, 0x10, 0])
  })

  it('#UD when EFER.SCE = 0', () => {
    const { faults, symbols } = runProgram('bad: syscall\nhlt')
    expect(faults).toEqual([[6, undefined, symbols.bad]])
  })

  it('syscall.c test_syscall_tf: "#DB is raised if TF is 1 at the *end* of syscall" — FMASK clearing TF means no single-step trap', () => {
    const masked = runProgram(`
      ${SETUP}
      ${wrmsr(0xc0000084, BigInt(TF))}
      pushq $0x102
      popfq
      syscall
      hlt
      target: hlt
    `)
    expect(deliveries(masked.events)).toEqual([])
    const kept = runProgram(`
      ${SETUP}
      ${wrmsr(0xc0000084, 0n)}
      pushq $0x102
      popfq
      syscall
      hlt
      target: hlt
    `)
    // The first #DB is the SYSCALL's (at LSTAR, CPL 0); TF stays set, so HLT there traps too.
    expect(deliveries(kept.events).map((e) => [e.vector, e.rip, Number(e.dr6After) & DR6_BS])[0]).toEqual([1, kept.symbols.target, DR6_BS])
  })
})

describe('SWAPGS', () => {
  it('exchanges IA32_GS_BASE and IA32_KERNEL_GS_BASE', () => {
    const { cpu } = runProgram(`
      ${wrmsr(0xc0000101, 0x1111n)}
      ${wrmsr(0xc0000102, 0xffff800000002222n)}
      swapgs
      mov $0xc0000101, %ecx
      rdmsr
      mov %eax, %esi
      mov %edx, %edi
      hlt
    `)
    expect([cpu.getReg(6), cpu.getReg(7)]).toEqual([0x2222n, 0xffff8000n])
  })

  it('#GP(0) at CPL 3; a non-canonical KERNEL_GS_BASE write is #GP(0)', () => {
    const user = runProgram('bad: swapgs\nhlt', (c) => (c.cpl = 3))
    expect(user.faults).toEqual([[13, 0, user.symbols.bad]])
    const { faults, symbols } = runProgram('mov $0xc0000102, %ecx\nxor %eax, %eax\nmov $0x00008000, %edx\nbad: wrmsr\nhlt')
    expect(faults).toEqual([[13, 0, symbols.bad]])
  })
})
