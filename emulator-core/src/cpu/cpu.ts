/**
 * The guest CPU: the hardware layer around the instruction semantics. One `step()` runs one
 * instruction (or delivers one event) with the architectural debug behaviour of SDM Vol. 3 §18:
 * instruction breakpoints (faults before the instruction, suppressed by RF and, on Intel, by MOV SS
 * blocking), data and I/O breakpoints and single-step (traps after it), MOV SS deferral via the
 * pending-debug-exceptions field, DR7.GD, ICEBP vs INT n vs INT3, and the hypervisor intercepts of
 * ./seam. Event delivery goes through the 64-bit IDT with double/triple-fault rules.
 */
import { Mnemonic } from 'iced-x86'
import { BP_VECTOR, DB_VECTOR, DR6_BD, DR6_BS, DR7_GD, GP_VECTOR, IF, RF, TF, UD_VECTOR } from './constants'
import { bigU32, findDecoded, rememberDecoded } from './caches'
import { EventDelivery, delivered } from './delivery'
import { GuestFault } from './fault'
import { DEFAULT_MEMORY } from './guest-memory'
import { Insn, Intercept, decodeInsn } from './insn'
import { binderFor } from './semantics/dispatch'
import { checkMovDr } from './semantics/move'
import { checkIoPermission, ioPortAndSize } from './semantics/system'
import type { CpuOptions, DecodedInsn, ExecEnv, ExecOutcome, GuestCpu, HardwareExit, InterruptShadow, StepResult } from './seam'

const RETIRED: StepResult = { kind: 'retired' }
const HALTED: StepResult = { kind: 'halted' }
const MnemonicName = Mnemonic as unknown as Record<number, string>

/** A hardware VM exit as a step result (a module function: checkIntercept runs on every intercepted instruction). */
function exit(e: HardwareExit): StepResult {
  return { kind: 'vmexit', exit: e }
}

export class Cpu extends EventDelivery implements GuestCpu {
  constructor(options: CpuOptions) {
    super(options.vendor, options.memorySize ?? DEFAULT_MEMORY, { rtm: true, busLockDetect: true, ...options.features })
  }

  // ---- Decode cache --------------------------------------------------------------------------

  /** The cached instruction at a linear address, decoding it on a miss (fetch faults throw). */
  lookup(rip: number): Insn {
    if (rip < this.memSize) {
      // Either cache may come first: both hold what these bytes decode to (a shared entry lies wholly in bytes this machine has not written).
      const pageIndex = rip >>> 12
      const hit = this.cachePages[pageIndex]?.[rip & 0xfff] ?? this.sharedInsn(pageIndex, rip & 0xfff)
      if (hit) return hit
    }
    return this.decodeAndCache(rip)
  }

  private decodeAndCache(rip: number): Insn {
    if (!(rip >= 0 && rip < this.memSize)) this.fetchFault(rip)
    const length = Math.min(15, this.memSize - rip)
    let insn = findDecoded(rip, length, this)
    if (!insn) {
      insn = decodeInsn(this.bytesAt(rip, length), rip, binderFor, unsupported)
      if (!insn) this.fetchFault(this.memSize)
      rememberDecoded(insn)
    }
    this.cacheDecoded(rip, insn)
    return insn
  }

  decodeAt(rip: bigint): DecodedInsn | { kind: 'exception'; vector: number; errorCode?: number } {
    try {
      return this.lookup(Number(rip))
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e
      return { kind: 'exception', vector: e.vector, errorCode: e.errorCode }
    }
  }

  // ---- One step ------------------------------------------------------------------------------

  step(): StepResult {
    if (this.shutdownWhy !== undefined) return { kind: 'shutdown', why: this.shutdownWhy }

    // Instruction boundary, in SDM Vol. 3 §6.9 priority order: traps of the previous instruction
    // (held back by a MOV SS shadow until now), then maskable interrupts, then the instruction.
    if (this.pendingDbg !== 0 && this.shadow !== 'mov-ss') {
      const bits = this.pendingDbg
      this.pendingDbg = 0
      return this.raiseDebug(bits | this.coincidentCodeBreakpoints(), false, undefined, 'SDM 6.8.3: debug trap deferred by MOV SS blocking') ?? delivered(DB_VECTOR)
    }
    if ((this.rflags & IF) !== 0 && this.shadow === 'none') {
      if (this.intercepts.interruptWindowExiting) {
        return { kind: 'vmexit', exit: { kind: 'interrupt-window', rip: this.getRip() } }
      }
      if (this.pendingIrqs.length > 0) {
        const vector = this.pendingIrqs.shift() as number
        this.halted = false
        return this.deliver(vector, undefined, this.rip, 'external', 'external interrupt') ?? delivered(vector)
      }
    }
    if (this.halted) return HALTED

    const rip = this.rip
    // Instruction breakpoints: fault before execution; RF suppresses them; on Intel so does MOV SS
    // blocking (KVM: kvm_is_code_breakpoint_inhibited()), not on AMD.
    if (this.codeBpArmed && (this.rflags & RF) === 0 && !(this.shadow === 'mov-ss' && this.vendor === 'intel')) {
      const hits = this.codeBreakpointHits(rip)
      if (hits !== 0) {
        return this.raiseDebug(hits, true, undefined, 'SDM 18.3.1.1: instruction breakpoint (fault)') ?? delivered(DB_VECTOR)
      }
    }

    let insn: Insn
    try {
      insn = this.lookup(rip)
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e
      return this.raiseFault(e, rip, 'SDM 6.15: instruction fetch outside guest memory')
    }
    if (insn.unsupported) {
      return this.raiseFault(new GuestFault(UD_VECTOR), rip, `#UD: ${MnemonicName[insn.mnemonic] ?? 'unknown'} (${insn.text}) is not modelled`)
    }
    if (insn.intercept !== Intercept.None) {
      const early = this.checkIntercept(insn)
      if (early) return early
    }

    const tf = this.rflags & TF
    const shadowBefore = this.shadow
    this.nextRip = insn.next
    this.newShadow = 'none'
    this.softIntVector = -1
    this.keepRf = false
    this.dataHits = 0
    try {
      insn.exec(this, insn)
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e
      // The reason is read only by the event hook: not formatted without one.
      return this.raiseFault(e, rip, this.onEvent ? `SDM: ${MnemonicName[insn.mnemonic]} raised vector ${e.vector}` : '')
    }
    return this.complete(insn, rip, tf, shadowBefore)
  }

  /** Retires an instruction: RIP, RF, shadow, then the traps it produced (SDM Vol. 3 §18.3.1.2-5). */
  private complete(insn: Insn, rip: number, tf: number, shadowBefore: InterruptShadow): StepResult {
    this.rip = this.nextRip
    if (!this.keepRf) this.rflags &= ~RF
    this.shadow = this.newShadow
    if (this.softIntVector >= 0 && this.softIntKind !== 'icebp' && !this.softGateAllowed(this.softIntVector)) {
      // INT n / INT3 through a gate with DPL < CPL: #GP(vector*8+2) on the instruction, which does not complete.
      return this.raiseFault(new GuestFault(GP_VECTOR, this.softIntVector * 8 + 2), rip, `${MnemonicName[insn.mnemonic]}: gate DPL < CPL`)
    }
    if (this.onEvent) this.onEvent({ kind: 'insn', rip: insn.address, insn })

    let traps = this.dataHits
    if (shadowBefore === 'mov-ss') {
      traps |= this.pendingDbg
      this.pendingDbg = 0
    }
    if (this.softIntVector >= 0) return this.softwareInterrupt(insn, rip, traps)
    if (tf) traps |= DR6_BS
    if (traps === 0) return RETIRED
    if (this.newShadow === 'mov-ss') {
      // MOV SS / POP SS: the data-breakpoint and single-step #DB wait until after the next instruction.
      this.pendingDbg |= traps
      return RETIRED
    }
    const result = this.raiseDebug(traps | this.coincidentCodeBreakpoints(), false, undefined, traps & DR6_BS ? 'SDM 18.3.1.4: single-step trap' : 'SDM 18.3.1.2: data/I-O breakpoint trap')
    if (result?.kind === 'vmexit' || result?.kind === 'shutdown') return result
    this.halted = false
    return RETIRED
  }

  /**
   * INT n / INT3 deliver through the IDT (gate DPL checked at CPL3); any #DB held back by a MOV SS
   * shadow is delivered at the handler's first instruction boundary (kvm-unit-tests x86/debug.c
   * "MOV SS + watchpoint + int $1" / "+ INT3"). ICEBP is a trap-like #DB without DR6.BS; it absorbs the
   * held-back data-breakpoint bits into the same #DB (debug.c "MOV SS + watchpoint + ICEBP": one
   * handler call) and drops a coinciding single-step (debug.c singlestep_with_movss_blocking_and_icebp
   * expects DR6 without BS).
   */
  private softwareInterrupt(insn: Insn, rip: number, traps: number): StepResult {
    const vector = this.softIntVector
    if (this.softIntKind === 'icebp') {
      const result = this.raiseDebug(traps & ~DR6_BS, false, insn, 'SDM 18.3.1.5: ICEBP (INT1) trap')
      return result?.kind === 'vmexit' || result?.kind === 'shutdown' ? result : RETIRED
    }
    if (vector === BP_VECTOR && this.softIntKind === 'int3' && this.exceptionIntercepted(BP_VECTOR)) {
      this.rip = rip
      return this.exceptionExit(BP_VECTOR, undefined, undefined, false, insn, 'INT3 intercepted')
    }
    const result = this.deliver(vector, undefined, this.rip, 'soft', this.softIntKind === 'int3' ? 'INT3 (#BP trap)' : `INT $${vector}`, rip)
    // A result here means the delivery itself faulted (gate DPL, nested fault) or shut down.
    if (result) return result
    if (traps & ~DR6_BS) this.pendingDbg |= traps & ~DR6_BS
    return RETIRED
  }

  /**
   * Instruction breakpoints of the instruction at the current boundary, reported together with a
   * trap-like #DB delivered there: the CPU checks them before the boundary, so "everything pending
   * gets smushed together" into one #DB (Sean Christopherson's kvm-unit-tests singlestep_with_code_db,
   * docs/reference/kvm-db-semantics.md §3 review notes: DR6 = ACTIVE_LOW | BS | B2). Not inhibited → same rules as step().
   */
  private coincidentCodeBreakpoints(): number {
    if (!this.codeBpArmed || this.rflags & RF || (this.shadow === 'mov-ss' && this.vendor === 'intel')) return 0
    return this.codeBreakpointHits(this.rip)
  }

  /** Whether a software interrupt may use its IDT gate at the current CPL (gate DPL >= CPL; SDM "INT n"). */
  private softGateAllowed(vector: number): boolean {
    const g = this.idtrBase + vector * 16
    if (vector * 16 + 15 > this.idtrLimit || g + 16 > this.memSize) return true
    return ((this.peek(g + 5, 1) >>> 5) & 3) >= this.cpl
  }

  /**
   * Privilege checks that precede instruction intercepts, then the intercepts themselves (SDM Vol. 3
   * §25.1.1 / §26.1: #UD/#GP by privilege come first, then the VM exit). For MOV DR the exit also
   * comes before the DR7.GD #DB (which is why KVM's handle_dr() emulates GD itself).
   */
  private checkIntercept(insn: Insn): StepResult | undefined {
    const rip = insn.addr
    try {
      switch (insn.intercept) {
        case Intercept.MovDr: {
          const movDr = insn.movDr as NonNullable<Insn['movDr']>
          checkMovDr(this, movDr.dr)
          if (this.intercepts.movDrExiting) return exit({ kind: 'mov-dr', rip: this.getRip(), length: insn.length, dr: movDr.dr, gpr: movDr.gpr, direction: movDr.direction })
          if (this.dr7 & DR7_GD) {
            return this.raiseDebug(DR6_BD, true, undefined, 'SDM 18.2.4: DR7.GD general detect (fault)') ?? delivered(DB_VECTOR)
          }
          return undefined
        }
        case Intercept.Hlt:
          if (this.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
          return this.intercepts.hltExiting ? exit({ kind: 'hlt', rip: this.getRip(), length: insn.length }) : undefined
        case Intercept.Rdmsr:
        case Intercept.Wrmsr: {
          if (this.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
          if (!this.intercepts.msrExiting) return undefined
          const msr = this.lo[1] >>> 0
          if (insn.intercept === Intercept.Rdmsr) return exit({ kind: 'rdmsr', rip: this.getRip(), length: insn.length, msr })
          return exit({ kind: 'wrmsr', rip: this.getRip(), length: insn.length, msr, value: (BigInt(this.lo[2] >>> 0) << 32n) | BigInt(this.lo[0] >>> 0) })
        }
        case Intercept.Io: {
          checkIoPermission(this)
          if (!this.intercepts.ioExiting) return undefined
          const { port, size } = ioPortAndSize(this, insn)
          const direction = insn.sub === 0 ? 'in' : 'out'
          return exit({ kind: 'io', rip: this.getRip(), length: insn.length, port, size, direction, string: false, rep: false, value: direction === 'out' ? this.readGpr(0, size, false) : undefined })
        }
        case Intercept.Cpuid:
          return this.intercepts.cpuidExiting ? exit({ kind: 'cpuid', rip: this.getRip(), length: insn.length, leaf: this.lo[0] >>> 0, subleaf: this.lo[1] >>> 0 }) : undefined
        default:
          return undefined
      }
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e
      return this.raiseFault(e, rip, `SDM: ${MnemonicName[insn.mnemonic]} privilege check`)
    }
  }

  // ---- Emulator support (KVM's x86_emulate_insn) -------------------------------------------------

  executeDecoded(decoded: DecodedInsn, env: ExecEnv): ExecOutcome {
    const insn = decoded as Insn
    // Saved in locals and restored in finally: no objects per emulated instruction.
    const savedRip = this.rip
    const savedRflags = this.rflags
    const savedEnv = this.env
    const savedHalted = this.halted
    this.env = env
    this.haltCompleted = false
    this.emulating = true
    this.watch = false
    this.rip = insn.addr
    this.nextRip = insn.next
    this.newShadow = 'none'
    this.softIntVector = -1
    this.keepRf = false
    try {
      if (insn.unsupported) throw new GuestFault(UD_VECTOR)
      insn.exec(this, insn)
      const rflags = bigU32(this.rflags >>> 0)
      if (this.softIntVector >= 0) {
        return { kind: 'exception', vector: this.softIntVector, trap: { nextRip: BigInt(this.nextRip), rflags, kind: this.softIntKind } }
      }
      return { kind: 'ok', nextRip: BigInt(this.nextRip), rflags, shadow: this.newShadow, halted: this.haltCompleted }
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e
      return { kind: 'exception', vector: e.vector, errorCode: e.errorCode, address: e.address }
    } finally {
      this.env = savedEnv
      this.emulating = false
      // What refreshBreakpoints() derives now that emulation is over (a refresh while emulating left it off).
      this.watch = this.dataBpArmed
      this.rip = savedRip
      this.rflags = savedRflags
      this.halted = savedHalted
    }
  }
}

/** Handler of decode-cache entries the CPU does not implement: the step layer reports #UD by name. */
function unsupported(): void {
  throw new GuestFault(UD_VECTOR)
}
