/**
 * The guest runtime end to end on bare metal: programs assembled with the project assembler run
 * under the runtime's tables and recorders; the log must hold what the SDM says each exception
 * reports (vector, RIP of the fault or after the trap, DR6, error code).
 */
import { describe, expect, it } from 'vitest'
import { assemble } from '../asm'
import { Cpu } from '../cpu/cpu'
import type { HandlerSpec, VectorName } from '../types/scenario'
import { GUEST_ORIGIN, KERNEL_STACK_TOP, USER_CS } from './layout'
import { buildGuestImage, isRuntimeAddress, loadGuestImage } from './image'
import { readGuestLog } from './log'

function run(source: string, options: { cpl?: 0 | 3; dr7?: bigint; handlers?: Partial<Record<VectorName, HandlerSpec>> } = {}) {
  const program = assemble(source, { origin: BigInt(GUEST_ORIGIN), fileName: 'test.S' })
  if (!program.ok) throw new Error(JSON.stringify(program.errors))
  const image = buildGuestImage({ program: program.bytes, origin: program.origin, symbols: program.symbols, cpl: options.cpl ?? 0, handlers: options.handlers ?? {} })
  const cpu = new Cpu({ vendor: 'intel' })
  loadGuestImage(cpu, image)
  if (options.dr7 !== undefined) cpu.setDr(7, options.dr7)
  let steps = 0
  while (steps++ < 10_000 && cpu.step().kind !== 'halted');
  return { cpu, symbols: program.symbols, image, log: readGuestLog(cpu) }
}

describe('recording handlers', () => {
  it('log #BP (trap: RIP after INT3), #DB code breakpoint (fault: RIP at it, DR6 B0), then #UD (fault) and stop', () => {
    const { cpu, symbols, log } = run(`
      int3
    after_int3:
      mov $bp, %rax
      mov %rax, %dr0
      mov $0x401, %eax
      mov %rax, %dr7
    bp:
      nop
    ud:
      ud2
    `)
    expect(log).toEqual([
      { vector: 3, rip: `0x${symbols.after_int3.toString(16)}`, error_code: '0x0' },
      { vector: 1, rip: `0x${symbols.bp.toString(16)}`, dr6: '0xffff0ff1', error_code: '0x0' },
      { vector: 6, rip: `0x${symbols.ud.toString(16)}`, error_code: '0x0' },
    ])
    // The #DB recorder reset DR6, and the fault recorder stopped in its hlt loop.
    expect(cpu.getDr(6)).toBe(0xffff0ff0n)
    expect(isRuntimeAddress(cpu.getRip())).toBe(true)
  })

  it('log #GP(0) for a non-canonical access, RIP at the faulting instruction', () => {
    const { log, symbols } = run(`
      mov $1, %eax
      shl $63, %rax
    bad:
      mov (%rax), %rbx
    `)
    expect(log).toEqual([{ vector: 13, rip: `0x${symbols.bad.toString(16)}`, error_code: '0x0' }])
  })

  it('log #PF for an access beyond guest memory: error code 0 (not present, read, CPL0), CR2 = the address', () => {
    const { log, symbols, cpu } = run(`
    bad:
      mov 0x500000, %rax
    `)
    expect(log).toEqual([{ vector: 14, rip: `0x${symbols.bad.toString(16)}`, error_code: '0x0' }])
    expect(cpu.getCr(2)).toBe(0x500000n)
  })

  it('log #PF with W (error code 2) for a write beyond memory', () => {
    const { log } = run('movq $1, 0x500000')
    expect(log.map((r) => [r.vector, r.error_code])).toEqual([[14, '0x2']])
  })

  it('log a data breakpoint #DB as a trap (RIP after the write) with DR6 B1 and resume', () => {
    const { log, symbols } = run(`
      mov $0x200000, %eax
      mov %rax, %dr1
      mov $0xd00404, %eax
      mov %rax, %dr7
      movl $1, 0x200000
    after:
      hlt
    `)
    expect(log).toEqual([{ vector: 1, rip: `0x${symbols.after.toString(16)}`, dr6: '0xffff0ff2', error_code: '0x0' }])
  })

  it('CPL3: IRETQ into user code; INT3 (gate DPL3) is logged, MOV to DR7 is #GP(0) at CPL3', () => {
    const { log, symbols, cpu } = run(
      `
      int3
    priv:
      mov %rax, %dr7
    `,
      { cpl: 3 },
    )
    expect(log).toEqual([
      { vector: 3, rip: `0x${symbols.priv.toString(16)}`, error_code: '0x0' },
      { vector: 13, rip: `0x${symbols.priv.toString(16)}`, error_code: '0x0' },
    ])
    // The #GP handler runs at CPL0 on the TSS.RSP0 stack; the frame holds the user CS.
    expect(cpu.getCpl()).toBe(0)
    const frameCs = cpu.readU64(BigInt(KERNEL_STACK_TOP) - 32n)
    expect(frameCs).toBe(BigInt(USER_CS))
  })

  it('CPL3 single-step (debug.c "Usermode Single-step #DB basic test"): #DBs at start, +1, +2 through the TSS stack and IRETQ back', () => {
    const { log, symbols, cpu } = run(
      `
      pushf
      pop %rax
      or $(1<<8), %rax
      push %rax
      popf
      and $~(1<<8), %rax
    start:
      push %rax
      popf
      lea start(%rip), %rbx
      int3
    stop:
      hlt
    `,
      { cpl: 3 },
    )
    const start = symbols.start
    expect(log.map((r) => [r.vector, r.rip, r.dr6, r.error_code])).toEqual([
      [1, `0x${start.toString(16)}`, '0xffff4ff0', '0x0'],
      [1, `0x${(start + 1n).toString(16)}`, '0xffff4ff0', '0x0'],
      [1, `0x${(start + 2n).toString(16)}`, '0xffff4ff0', '0x0'],
      [3, `0x${symbols.stop.toString(16)}`, undefined, '0x0'],
      // HLT at CPL3 is #GP(0); the recorder logs it and stops.
      [13, `0x${symbols.stop.toString(16)}`, undefined, '0x0'],
    ])
    // The #GP recorder stopped at CPL0 in its hlt loop.
    expect(cpu.getCpl()).toBe(0)
  })

  it('CPL3 MOV DR with DR7.GD=1: #GP(0) only, DR7.GD stays set (the #GP recorder reads no DR)', () => {
    // SDM vol. 3 §18.2.4 / "MOV—Move to/from Debug Registers": #GP(0) if CPL > 0 comes before the GD
    // #DB; kvm-unit-tests x86/debug.c __run_single_step_db_test(): "MOV DR #GPs at CPL>0". Only a
    // delivered #DB clears DR7.GD, and none is delivered.
    const { cpu, symbols, log } = run(
      `
    priv:
      mov %dr0, %rax
    `,
      { cpl: 3, dr7: 0x2400n },
    )
    expect(log).toEqual([{ vector: 13, rip: `0x${symbols.priv.toString(16)}`, error_code: '0x0' }])
    expect(cpu.getDr(7)).toBe(0x2400n)
  })

  it("options: set_rf 'never' and clear_dr6 false keep DR6 sticky across #DBs", () => {
    const { log } = run(
      `
      mov $0x200000, %eax
      mov %rax, %dr1
      mov $0xd00404, %eax
      mov %rax, %dr7
      movl $1, 0x200000
      pushfq
      orq $0x100, (%rsp)
      popfq
      nop
      pushfq
      andq $~0x100, (%rsp)
      popfq
      hlt
    `,
      { handlers: { DB: { kind: 'recorder', clear_dr6: false, set_rf: 'never' } } },
    )
    // Data breakpoint (B1); then single-steps after NOP, PUSHFQ, ANDQ and the POPFQ that clears TF:
    // B0-B3 recomputed (0) on each #DB, BS sticky.
    expect(log.map((r) => r.dr6)).toEqual(['0xffff0ff2', '0xffff4ff0', '0xffff4ff0', '0xffff4ff0', '0xffff4ff0'])
  })

  it("a handler given as a label replaces the recorder (nothing logged, the guest's own code runs)", () => {
    const { log, cpu } = run(
      `
      int3
      hlt
    my_bp:
      mov $0x1234, %r12
      iretq
    `,
      { handlers: { BP: { kind: 'label', label: 'my_bp' } } },
    )
    expect(log).toEqual([])
    expect(cpu.getReg(12)).toBe(0x1234n)
  })
})
