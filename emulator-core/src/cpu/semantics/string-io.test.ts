/**
 * INS/OUTS with REP, I/O breakpoints per iteration (SDM Vol. 2 "INS", "OUTS"; Vol. 3 §18.2.4-5,
 * §18.3.1.2), and string instructions with 32-bit addressing (SDM Vol. 1 §3.3.7).
 */
import { describe, expect, it } from 'vitest'
import type { Cpu } from '../cpu'
import { deliveries, runProgram } from '../test-support'

const TESTDEV_PORT = 0xe0
const A = 0x200000

/** A device that records what is written and answers reads with successive bytes from 0x40. */
function device(cpu: Cpu): { written: number[]; ports: number[] } {
  const log = { written: [] as number[], ports: [] as number[] }
  let next = 0x40
  cpu.portIo = {
    in: (port, size) => (log.ports.push(port), size === 1 ? next++ : next++ * 0x01010101 & (size === 2 ? 0xffff : 0xffffffff)),
    out: (port, _size, value) => (log.ports.push(port), log.written.push(value)),
  }
  return log
}

const ST1 = 'abcdefghijklmnop'

describe('string I/O', () => {
  it('kvm-unit-tests test_stringio: REP OUTSB up sends the string in order, with DF set from its end down', () => {
    let log: ReturnType<typeof device> | undefined
    const { cpu, faults } = runProgram(`
      cld
      mov $${TESTDEV_PORT}, %dx
      mov $st1, %rsi
      mov $${ST1.length}, %ecx
      rep outsb
      std
      mov $st1+${ST1.length - 1}, %rsi
      mov $${ST1.length}, %ecx
      rep outsb
      cld
      hlt
      st1: .ascii "${ST1}"
    `, (c) => (log = device(c)))
    expect(faults).toEqual([])
    const text = String.fromCharCode(...(log?.written ?? []))
    // "outsb up": the last byte out is st1[15]; "outsb down": st1[0].
    expect(text).toBe(ST1 + [...ST1].reverse().join(''))
    expect(cpu.getReg(1)).toBe(0n)
  })

  it('REP INSW stores each element at ES:[RDI] and advances RDI by the element size', () => {
    let log: ReturnType<typeof device> | undefined
    const { cpu } = runProgram(`
      mov $${TESTDEV_PORT}, %dx
      mov $${A}, %rdi
      mov $3, %ecx
      rep insw
      hlt
    `, (c) => (log = device(c)))
    expect(log?.ports).toEqual([TESTDEV_PORT, TESTDEV_PORT, TESTDEV_PORT])
    expect([0, 2, 4, 6].map((o) => cpu.peek(A + o, 2))).toEqual([0x4040, 0x4141, 0x4242, 0])
    expect(cpu.getReg(7)).toBe(BigInt(A + 6))
  })

  it('INS whose store would leave guest memory faults (#PF, write) before the port is read', () => {
    let log: ReturnType<typeof device> | undefined
    const { faults, symbols } = runProgram('mov $0x3f8, %dx\nmov $0x3fffff, %rdi\nbad: insl\nhlt', (c) => (log = device(c)))
    expect(faults).toEqual([[14, 2, symbols.bad]])
    expect(log?.ports).toEqual([])
  })

  it('SDM 18.3.1.2: an I/O breakpoint on REP OUTSB traps after every iteration that matched, RIP on the instruction until the last', () => {
    // DR0 = the port, DR7: L0 | R/W0 = 10 (I/O), LEN0 = 00; CR4.DE on.
    const { events, symbols } = runProgram(`
      mov %cr4, %rax
      or $8, %rax
      mov %rax, %cr4
      mov $${TESTDEV_PORT}, %eax
      mov %rax, %dr0
      mov $0x20401, %eax
      mov %rax, %dr7
      mov $${TESTDEV_PORT}, %dx
      mov $st, %rsi
      mov $3, %ecx
      outs: rep outsb
      after: hlt
      st: .ascii "xyz"
    `)
    expect(deliveries(events).map((e) => [e.vector, e.rip, e.dr6After])).toEqual([
      [1, symbols.outs, 0xffff0ff1n],
      [1, symbols.outs, 0xffff0ff1n],
      [1, symbols.after, 0xffff0ff1n],
    ])
  })

  it('an I/O breakpoint is not armed without CR4.DE (R/W=10 is then undefined: no match)', () => {
    const { events } = runProgram(`
      mov $${TESTDEV_PORT}, %eax
      mov %rax, %dr0
      mov $0x20401, %eax
      mov %rax, %dr7
      mov $${TESTDEV_PORT}, %dx
      mov $${A}, %rdi
      insb
      hlt
    `)
    expect(deliveries(events)).toEqual([])
  })
})

describe('string instructions with 32-bit addressing (0x67)', () => {
  it('ESI/EDI/ECX are used and written back as 32-bit registers (bits 63:32 cleared)', () => {
    const { cpu, faults } = runProgram(`
      movabs $0xdead000000200000, %rsi
      movabs $0xdead000000200100, %rdi
      movabs $0xdead000000000002, %rcx
      movl $0x11223344, 0x200000
      movl $0x55667788, 0x200004
      addr32 rep movsl
      hlt
    `)
    expect(faults).toEqual([])
    expect(cpu.peek(0x200100, 4)).toBe(0x11223344)
    expect(cpu.peek(0x200104, 4)).toBe(0x55667788)
    expect([cpu.getReg(6), cpu.getReg(7), cpu.getReg(1)]).toEqual([0x200008n, 0x200108n, 0n])
  })

  it('the pointer wraps at 4 GiB: LODSB down from EDI = 0 leaves ESI = 0xffffffff', () => {
    const { cpu } = runProgram(`
      movb $0x5a, 0
      xor %esi, %esi
      std
      addr32 lodsb
      cld
      hlt
    `)
    expect(cpu.getReg(0) & 0xffn).toBe(0x5an)
    expect(cpu.getReg(6)).toBe(0xffffffffn)
  })

  it('REP with ECX = 0 does nothing, but clears bits 63:32 of RCX (and of RSI/RDI for MOVS) on Intel, not on AMD', () => {
    const source = 'movabs $0x100000000, %rcx\nmovabs $0x100000000, %rsi\nmovabs $0x100000000, %rdi\naddr32 rep movsb\nhlt'
    const intel = runProgram(source).cpu
    expect([intel.getReg(1), intel.getReg(6), intel.getReg(7)]).toEqual([0n, 0n, 0n])
    const amd = runProgram(source, () => {}, { vendor: 'amd' }).cpu
    expect([amd.getReg(1), amd.getReg(6), amd.getReg(7)]).toEqual([0x100000000n, 0x100000000n, 0x100000000n])
  })
})
