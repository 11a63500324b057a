/**
 * The hypervisor seam: intercept controls, exit priorities, VM-entry injection and the emulator
 * entry points. Rules: SDM Vol. 3 §25.1 (exit priority vs. exceptions), §25.2 (exit information),
 * §26.6 (event injection), and docs/reference/kvm-db-semantics.md §2.13-§2.14 (VMX vs SVM DR6 handling).
 */
import { describe, expect, it } from 'vitest'
import { assemble } from '../asm'
import type { Cpu } from './cpu'
import type { ExecEnv } from './seam'
import { bareCpu, bytes, deliveries, handlerAddress } from './test-support'

const ORIGIN = 0x100000n

function hexOf(source: string): string {
  const r = assemble(source, { origin: ORIGIN })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return Buffer.from(r.bytes).toString('hex')
}

function symbolsOf(source: string): Record<string, bigint> {
  const r = assemble(source, { origin: ORIGIN })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.symbols
}

function stepUntilExit(cpu: Cpu, limit = 100) {
  for (let n = 0; n < limit; n++) {
    const r = cpu.step()
    if (r.kind !== 'retired' && r.kind !== 'delivered') return r
  }
  throw new Error('no exit')
}

const DATA_BP = `
  mov $0x200000, %eax
  mov %rax, %dr1
  mov $0xd00404, %eax
  mov %rax, %dr7
  movl $1, 0x200000
after:
  hlt
`

describe('#DB intercepts (exception bitmap bit 1)', () => {
  it('Intel: a data-breakpoint #DB exits trap-like with the B1 exit qualification; DR6 is not touched', () => {
    const { cpu } = bareCpu(hexOf(DATA_BP), { vendor: 'intel' })
    cpu.intercepts.exceptionBitmap = 1 << 1
    const r = stepUntilExit(cpu)
    expect(r).toEqual({ kind: 'vmexit', exit: { kind: 'exception', vector: 1, errorCode: undefined, dr6Bits: 0x2n, faultLike: false, icebp: false, instructionLength: undefined, rip: symbolsOf(DATA_BP).after } })
    expect(cpu.getDr(6)).toBe(0xffff0ff0n)
  })

  it('AMD: the CPU updates DR6 before the #DB intercept (docs/reference/kvm-db-semantics.md §2.14: DR6 = 0xffff0ff2), DR7 kept', () => {
    const { cpu, events } = bareCpu(hexOf(DATA_BP), { vendor: 'amd' })
    cpu.intercepts.exceptionBitmap = 1 << 1
    const r = stepUntilExit(cpu)
    expect(r.kind === 'vmexit' && r.exit.kind === 'exception' && r.exit.dr6Bits).toBe(0x2n)
    expect(cpu.getDr(6)).toBe(0xffff0ff2n)
    expect(deliveries(events).map((e) => [e.action, e.dr6Before, e.dr6After])).toEqual([['intercepted', 0xffff0ff0n, 0xffff0ff2n]])
    expect(cpu.getDr(7)).toBe(0xd00404n)
  })

  it('Intel: an intercepted DR7.GD #DB is fault-like (RIP at the MOV DR), bits = BD, and DR7.GD stays set', () => {
    const source = 'mov $0x2000, %eax\nmov %rax, %dr7\nbad: mov %dr0, %rbx\nhlt'
    const { cpu } = bareCpu(hexOf(source))
    cpu.intercepts.exceptionBitmap = 1 << 1
    const r = stepUntilExit(cpu)
    expect(r.kind === 'vmexit' && r.exit).toMatchObject({ kind: 'exception', vector: 1, dr6Bits: 0x2000n, faultLike: true, rip: symbolsOf(source).bad })
    expect(cpu.getDr(7)).toBe(0x2400n)
    expect(cpu.getDr(6)).toBe(0xffff0ff0n)
  })

  it('ICEBP under a #DB intercept exits on the ICEBP itself: RIP at the f1 byte, length 1 (privileged software exception)', () => {
    const { cpu } = bareCpu('90f1f4')
    cpu.intercepts.exceptionBitmap = 1 << 1
    const r = stepUntilExit(cpu)
    expect(r.kind === 'vmexit' && r.exit).toMatchObject({ kind: 'exception', vector: 1, icebp: true, instructionLength: 1, faultLike: false, rip: 0x100001n, dr6Bits: 0n })
  })

  it('INT3 under a #BP intercept exits with RIP at the INT3 and its length', () => {
    const { cpu } = bareCpu('ccf4')
    cpu.intercepts.exceptionBitmap = 1 << 3
    const r = stepUntilExit(cpu)
    expect(r.kind === 'vmexit' && r.exit).toMatchObject({ kind: 'exception', vector: 3, instructionLength: 1, rip: 0x100000n })
  })
})

describe('other exception intercepts', () => {
  it('an intercepted #PF reports the address and leaves CR2 alone (SDM 27.2.1 exit qualification)', () => {
    const { cpu } = bareCpu(hexOf('mov 0x500000, %rax\nhlt'))
    cpu.intercepts.exceptionBitmap = 1 << 14
    expect(cpu.step()).toEqual({ kind: 'vmexit', exit: { kind: 'exception', vector: 14, errorCode: 0, dr6Bits: undefined, faultLike: true, icebp: false, instructionLength: undefined, rip: ORIGIN, address: 0x500000n } })
    expect(cpu.getCr(2)).toBe(0n)
  })
})

describe('instruction intercepts and their priority', () => {
  it('SDM 25.1.3: MOV-DR exiting comes before the DR7.GD #DB', () => {
    const source = 'mov $0x2000, %eax\nmov %rax, %dr7\nbad: mov %dr0, %rbx\nhlt'
    const { cpu } = bareCpu(hexOf(source))
    cpu.setDr(7, 0x2400n)
    cpu.setRip(symbolsOf(source).bad)
    cpu.intercepts.movDrExiting = true
    expect(cpu.step()).toEqual({ kind: 'vmexit', exit: { kind: 'mov-dr', rip: symbolsOf(source).bad, length: 3, dr: 0, gpr: 3, direction: 'from-dr' } })
  })

  it('SDM 25.1.1: #GP for MOV DR at CPL3 comes before MOV-DR exiting', () => {
    const { cpu, events } = bareCpu('0f23f8f4')
    cpu.cpl = 3
    cpu.intercepts.movDrExiting = true
    expect(cpu.step()).toEqual({ kind: 'delivered', vector: 13 })
    expect(deliveries(events).map((e) => [e.vector, e.errorCode])).toEqual([[13, 0]])
  })

  it('SDM 25.1.1: #UD for DR4 with CR4.DE comes before MOV-DR exiting', () => {
    const { cpu } = bareCpu('0f21e0f4')
    cpu.cr4 |= 8
    cpu.intercepts.movDrExiting = true
    expect(cpu.step()).toEqual({ kind: 'delivered', vector: 6 })
  })

  it('CPUID, HLT, RDMSR and OUT exits carry their operands', () => {
    const source = 'mov $7, %eax\nxor %ecx, %ecx\nc: cpuid\nh: hlt\nmov $0x1d9, %ecx\nm: rdmsr\nmov $0x5a, %al\no: out %al, $0x80'
    const s = symbolsOf(source)
    const { cpu } = bareCpu(hexOf(source))
    Object.assign(cpu.intercepts, { cpuidExiting: true, hltExiting: true, msrExiting: true, ioExiting: true })
    expect(stepUntilExit(cpu)).toEqual({ kind: 'vmexit', exit: { kind: 'cpuid', rip: s.c, length: 2, leaf: 7, subleaf: 0 } })
    cpu.setRip(s.h)
    expect(stepUntilExit(cpu)).toEqual({ kind: 'vmexit', exit: { kind: 'hlt', rip: s.h, length: 1 } })
    cpu.setRip(s.h + 1n)
    expect(stepUntilExit(cpu)).toEqual({ kind: 'vmexit', exit: { kind: 'rdmsr', rip: s.m, length: 2, msr: 0x1d9 } })
    cpu.setRip(s.m + 2n)
    expect(stepUntilExit(cpu)).toEqual({ kind: 'vmexit', exit: { kind: 'io', rip: s.o, length: 2, port: 0x80, size: 1, direction: 'out', string: false, rep: false, value: 0x5a } })
  })

  it('a MOV SS shadow and its deferred single-step survive an exit (guest interruptibility / pending debug state)', () => {
    // pushfq; orq $0x100,(%rsp); popfq; mov %ss,%ax; mov %ax,%ss; cpuid; hlt
    const source = 'pushfq\norq $0x100, (%rsp)\npopfq\nmov %ss, %ax\nmov %ax, %ss\nc: cpuid\nnext: hlt'
    const s = symbolsOf(source)
    const { cpu, events } = bareCpu(hexOf(source))
    cpu.intercepts.cpuidExiting = true
    const r = stepUntilExit(cpu)
    expect(r.kind === 'vmexit' && r.exit.kind).toBe('cpuid')
    expect(cpu.getInterruptShadow()).toBe('mov-ss')
    // (The MOV SS %ax load traps normally first; the BS of MOV SS itself is held back, SDM 6.8.3.)
    expect(cpu.getPendingDebugExceptions()).toBe(0x4000n)
    // The hypervisor skips CPUID (ending the shadow): the pending #DB is delivered at the next boundary.
    cpu.intercepts.cpuidExiting = false
    cpu.setRip(s.next)
    cpu.setInterruptShadow('none')
    expect(cpu.step()).toEqual({ kind: 'delivered', vector: 1 })
    const db = deliveries(events).filter((e) => e.vector === 1)
    expect(db.map((e) => [e.rip, e.dr6After])).toEqual([[s.c - 2n, 0xffff4ff0n], [s.next, 0xffff4ff0n]])
  })

  it('interrupt-window exiting fires at the first boundary with IF=1 and no shadow; without it the IRQ is delivered', () => {
    const { cpu, events } = bareCpu('fb9090f4')
    cpu.intercepts.interruptWindowExiting = true
    expect(cpu.step()).toEqual({ kind: 'retired' })
    // STI shadow: no window yet.
    expect(cpu.step()).toEqual({ kind: 'retired' })
    expect(cpu.step()).toEqual({ kind: 'vmexit', exit: { kind: 'interrupt-window', rip: 0x100002n } })
    cpu.intercepts.interruptWindowExiting = false
    cpu.queueInterrupt(0x20)
    expect(cpu.step()).toEqual({ kind: 'delivered', vector: 0x20 })
    expect(deliveries(events).map((e) => [e.vector, e.rip])).toEqual([[0x20, 0x100002n]])
    expect(cpu.getRip()).toBe(BigInt(handlerAddress(0x20)))
  })
})

describe('VM-entry event injection', () => {
  it('SDM 26.6: an injected #DB goes through the IDT with DR6 untouched and TF cleared; the frame holds RIP and the old RFLAGS', () => {
    const { cpu, events } = bareCpu('90f4')
    cpu.setRflags(0x102n)
    cpu.setDr(6, 0xffff4ff0n)
    expect(cpu.injectEvent({ type: 'hw-exception', vector: 1 })).toEqual({ kind: 'delivered', vector: 1 })
    expect(cpu.getDr(6)).toBe(0xffff4ff0n)
    expect(cpu.getRflags() & 0x100n).toBe(0n)
    const rsp = cpu.getReg(4)
    expect(cpu.readU64(rsp)).toBe(0x100000n)
    expect(cpu.readU64(rsp + 16n)).toBe(0x102n)
    expect(deliveries(events).map((e) => e.action)).toEqual(['injected'])
  })

  it('SDM 26.6.1.3: an injected software exception (#BP) pushes RIP + instruction length', () => {
    const { cpu } = bareCpu('ccf4')
    cpu.injectEvent({ type: 'sw-exception', vector: 3, instructionLength: 1 })
    expect(cpu.readU64(cpu.getReg(4))).toBe(0x100001n)
  })

  it('an injected #GP(0x18) pushes its error code below the frame', () => {
    const { cpu } = bareCpu('90f4')
    cpu.injectEvent({ type: 'hw-exception', vector: 13, errorCode: 0x18 })
    expect(cpu.readU64(cpu.getReg(4))).toBe(0x18n)
    expect(cpu.readU64(cpu.getReg(4) + 8n)).toBe(0x100000n)
  })

  it('SDM 6.15: a fault while delivering #GP becomes #DF; a fault while delivering #DF shuts down', () => {
    const { cpu } = bareCpu('90f4')
    cpu.idtrLimit = 0
    const r = cpu.injectEvent({ type: 'hw-exception', vector: 13, errorCode: 0 })
    expect(r.kind).toBe('shutdown')
    expect(cpu.step().kind).toBe('shutdown')
  })
})

describe('emulator support (executeDecoded)', () => {
  function env(overrides: Partial<ExecEnv> = {}): ExecEnv {
    return {
      getDr: () => 0x1234n,
      setDr: () => true,
      getCr: () => 0n,
      setCr: () => true,
      pioIn: () => 0,
      pioOut: () => {},
      rdmsr: () => undefined,
      wrmsr: () => false,
      cpuid: () => [1, 2, 3, 4],
      halt: () => {},
      ...overrides,
    }
  }

  it('decodeAt classifies MOV DR: which DR, which GPR, direction, privileged, length, GAS text', () => {
    const { cpu } = bareCpu('0f21f8f4')
    const insn = cpu.decodeAt(0x100000n)
    expect(insn).toMatchObject({ length: 3, movDr: { dr: 7, gpr: 0, direction: 'from-dr' }, privileged: true, text: 'mov %dr7,%rax', lock: false })
  })

  it('MOV from DR goes through env.getDr; RIP/RFLAGS are returned, not committed', () => {
    const { cpu } = bareCpu('0f21f8f4')
    const insn = cpu.decodeAt(0x100000n)
    if ('kind' in insn) throw new Error('decode failed')
    expect(cpu.executeDecoded(insn, env())).toEqual({ kind: 'ok', nextRip: 0x100003n, rflags: 0x2n, shadow: 'none', halted: false })
    expect(cpu.getReg(0)).toBe(0x1234n)
    expect(cpu.getRip()).toBe(0x100000n)
  })

  it('ADD computes flags into the outcome without committing them (KVM writes RFLAGS after its single-step check)', () => {
    // add %ebx,%eax with eax = 0xffffffff, ebx = 1 → 0, CF ZF PF AF set
    const { cpu } = bareCpu('01d8f4')
    cpu.setReg(0, 0xffffffffn)
    cpu.setReg(3, 1n)
    const insn = cpu.decodeAt(0x100000n)
    if ('kind' in insn) throw new Error('decode failed')
    expect(cpu.executeDecoded(insn, env())).toMatchObject({ kind: 'ok', rflags: 0x57n })
    expect(cpu.getRflags()).toBe(0x2n)
    expect(cpu.getReg(0)).toBe(0n)
  })

  it('STI with IF=0 reports the STI shadow; a write under an armed data breakpoint does not trap', () => {
    const { cpu } = bareCpu('fbf4')
    const sti = cpu.decodeAt(0x100000n)
    if ('kind' in sti) throw new Error('decode failed')
    expect(cpu.executeDecoded(sti, env())).toMatchObject({ kind: 'ok', shadow: 'sti', rflags: 0x202n })
  })

  it('an invalid DR write (env.setDr false) and a CPL3 MOV DR come back as #GP(0), not delivered', () => {
    const { cpu, events } = bareCpu('0f23f0f4')
    const insn = cpu.decodeAt(0x100000n)
    if ('kind' in insn) throw new Error('decode failed')
    expect(cpu.executeDecoded(insn, env({ setDr: () => false }))).toEqual({ kind: 'exception', vector: 13, errorCode: 0, address: undefined })
    cpu.cpl = 3
    expect(cpu.executeDecoded(insn, env())).toMatchObject({ kind: 'exception', vector: 13, errorCode: 0 })
    expect(deliveries(events)).toEqual([])
  })

  it('self-modifying code: writing over a cached instruction drops it from the decode cache', () => {
    // movb $0x90, next(%rip) ... overwrite the following INT3 with a NOP before it runs.
    const source = 'movb $0x90, next(%rip)\nnext: int3\nhlt'
    const { cpu, events } = bareCpu(hexOf(source))
    // Decode (and cache) the INT3 first.
    cpu.decodeAt(symbolsOf(source).next)
    cpu.step()
    cpu.step()
    expect(deliveries(events)).toEqual([])
    expect(cpu.decodeAt(symbolsOf(source).next)).toMatchObject({ text: 'nop' })
    expect(bytes('90')).toEqual(cpu.readMemory(symbolsOf(source).next, 1))
  })
})
