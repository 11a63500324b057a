import { describe, expect, it } from 'vitest'
import type { FuzzUnit } from './fuzz-case'
import { programLength } from './fuzz-case'
import { generateCase } from './grammar'
import { enableBits, renderScenario } from './render'

describe('enableBits (SDM Vol. 3 §18.2.4 DR7 layout)', () => {
  it('sets L0 only for an execute breakpoint in slot 0', () => {
    expect(enableBits(0, { code: 1 })).toBe(0x1n)
  })
  it('sets L1, R/W1 = 01 (write) and LEN1 = 11 (8 bytes) for a write watchpoint in slot 1', () => {
    expect(enableBits(1, { data: 'write' })).toBe(0xd00004n)
  })
  it('sets L3 and R/W3 = 10 (I/O) for an I/O breakpoint in slot 3', () => {
    expect(enableBits(3, { io: 0x80 })).toBe(0x20000040n)
  })
})

describe('renderScenario', () => {
  const units: FuzzUnit[] = [
    { kind: 'guest-debug', flag: 'ENABLE' },
    { kind: 'guest-debug', flag: 'USE_HW_BP' },
    { kind: 'host-gd' },
    { kind: 'breakpoint', slot: 0, target: { code: 1 } },
    { kind: 'rflags', bit: 0x100n },
    { kind: 'insn', id: 0, fep: false, insn: { op: 'popf', rflags: 0x302n } },
    { kind: 'insn', id: 1, fep: true, insn: { op: 'mov-from-dr', dr: 0 } },
  ]

  it('writes labelled AT&T with KVM_FEP before emulated instructions', () => {
    const s = renderScenario(units, 'case')
    expect(s?.guest.asm).toBe('pushq $0x302\ni0: popfq\nKVM_FEP\ni1: mov %dr0, %rax\nhlt\n.align 8\ndata: .quad 0\n')
  })

  it('applies settings over the reset state', () => {
    const s = renderScenario(units, 'case')
    expect(s?.vcpu.rflags).toBe(0x102n) // TF over the reset value 0x2
    expect(s?.vcpu.dr).toEqual({ dr0: { label: 'i1', offset: 0n }, dr7: 0x401n })
    expect(s?.kvm.guest_debug).toEqual({ control: ['ENABLE', 'USE_HW_BP'], debugreg: { dr7: 0x2400n } })
    expect(s?.kvm.force_emulation_prefix).toBe(true)
  })

  it('cannot be built once the instruction a breakpoint names is gone', () => {
    expect(renderScenario(units.filter((u) => !(u.kind === 'insn' && u.id === 1)), 'case')).toBeUndefined()
  })

  it('counts guest instructions including set-up and the final hlt', () => {
    expect(programLength(units)).toBe(4)
  })
})

describe('generateCase', () => {
  it('is a pure function of (seed, index)', () => {
    expect(generateCase(7, 123)).toEqual(generateCase(7, 123))
    expect(generateCase(7, 123)).not.toEqual(generateCase(7, 124))
  })

  it('always renders to a scenario with 1 to 6 grammar instructions', () => {
    for (let i = 0; i < 300; i++) {
      const c = generateCase(1, i)
      const insns = c.units.filter((u) => u.kind === 'insn').length
      expect(insns >= 1 && insns <= 6).toBe(true)
      expect(renderScenario(c.units, 'x')).toBeDefined()
    }
  })
})
