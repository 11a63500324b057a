/**
 * The guest CPU: the hardware layer around the instruction semantics. One `step()` runs one
 * instruction (or delivers one event) with the architectural debug behaviour of SDM Vol. 3 §18:
 * instruction breakpoints (faults before the instruction, suppressed by RF and, on Intel, by MOV SS
 * blocking), data and I/O breakpoints and single-step (traps after it), MOV SS deferral via the
 * pending-debug-exceptions field, DR7.GD, ICEBP vs INT n vs INT3, and the hypervisor intercepts of
 * ./seam. Event delivery goes through the 64-bit IDT with double/triple-fault rules.
 */
import { Mnemonic } from 'iced-x86'
import {
  BP_VECTOR,
  DB_VECTOR,
  DE_VECTOR,
  DF_VECTOR,
  DR6_BD,
  DR6_BS,
  DR6_BT,
  DR6_BUS_LOCK,
  DR6_RTM,
  DR7_GD,
  GP_VECTOR,
  IF,
  NP_VECTOR,
  NT,
  PF_VECTOR,
  RF,
  SS_VECTOR,
  TF,
  TS_VECTOR,
  UD_VECTOR,
  VM,
} from './constants'
import { GuestFault, hasErrorCode } from './fault'
import { findDecoded, rememberDecoded } from './decode-memo'
import { Insn, Intercept, decodeInsn } from './insn'
import { DEFAULT_MEMORY, Machine, asDouble, bigU32 } from './machine'
import { SEG_CS, SEG_SS } from './operand'
import { binderFor } from './semantics/dispatch'
import { readDescriptor } from './semantics/descriptors'
import { checkMovDr } from './semantics/move'
import { ioExit } from './semantics/io-exit'
import { checkIoPermission } from './semantics/system'
import type {
  ControlRegister,
  CpuEvent,
  CpuOptions,
  DecodedInsn,
  ExecEnv,
  ExecOutcome,
  GuestCpu,
  HardwareExit,
  InjectedEvent,
  InterceptControls,
  InterruptShadow,
  StepResult,
} from './seam'
import { noIntercepts } from './seam'

const RETIRED: StepResult = { kind: 'retired' }
const HALTED: StepResult = { kind: 'halted' }
/** 'delivered' results by vector, shared like RETIRED: callers read step results, never change them. */
const DELIVERED: readonly StepResult[] = Array.from({ length: 256 }, (_, vector) => ({ kind: 'delivered', vector }))

function delivered(vector: number): StepResult {
  return DELIVERED[vector] ?? { kind: 'delivered', vector }
}
const MnemonicName = Mnemonic as unknown as Record<number, string>
const TWO_32 = 4294967296
/** Largest RIP whose number converts back to the same BigInt. */
const MAX_EXACT_RIP = 2n ** 53n

/** How an event reaches the IDT; decides the pushed RIP, RF in the image, DPL and EXT rules. */
type DeliveryKind = 'fault' | 'trap' | 'soft' | 'icebp' | 'external' | 'nmi'

/** Contributory exceptions (SDM Vol. 3 Table 6-4). */
function isContributory(vector: number): boolean {
  return vector === DE_VECTOR || vector === TS_VECTOR || vector === NP_VECTOR || vector === SS_VECTOR || vector === GP_VECTOR
}

/** SDM Vol. 3 Table 6-5: which first/second exception pairs become #DF. */
function isDoubleFault(first: number, second: number): boolean {
  if (isContributory(first) && isContributory(second)) return true
  return first === PF_VECTOR && (second === PF_VECTOR || isContributory(second))
}

/**
 * Fault-class vectors get RF=1 in the pushed RFLAGS image so the restarted instruction does not
 * re-trigger an instruction breakpoint. #DB is excluded (its own class), as are traps, aborts and
 * interrupts: the rule KVM applies in kvm_check_and_inject_events() (x86.c, exception_type() ==
 * EXCPT_FAULT) and SDM Vol. 3 §18.3.1.1.
 */
function setsRfInFrame(vector: number): boolean {
  return vector !== DB_VECTOR && vector !== BP_VECTOR && vector !== 4 && vector !== DF_VECTOR && vector !== 18 && vector < 32
}

/** A hardware VM exit as a step result (a module function: checkIntercept runs on every intercepted instruction). */
function exit(e: HardwareExit): StepResult {
  return { kind: 'vmexit', exit: e }
}

export class Cpu extends Machine implements GuestCpu {
  readonly intercepts: InterceptControls = noIntercepts()
  /** Receives the CPU's events; unset, none is built (runs that keep no event list). */
  onEvent: ((event: CpuEvent) => void) | undefined
  /** Set once a triple fault shut the CPU down. */
  shutdownWhy: string | undefined
  /** getRip()'s BigInt and the RIP it was made for: KVM and the exits read RIP several times per exit. */
  private ripBig = 0n
  private ripBigOf = asDouble(0)

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
    const pageIndex = rip >>> 12
    const end = (rip & 0xfff) + insn.length
    // Instructions in an image page's unwritten bytes are the same for every machine mapping it; an
    // instruction running into the next page depends on that page too, so it stays private.
    const shared = end <= 0x1000 ? this.sharedHome(pageIndex, rip & 0xfff, end) : undefined
    if (shared) {
      shared.decoded.set(rip & 0xfff, insn)
      return insn
    }
    const page = (this.cachePages[pageIndex] ??= new Array<Insn | undefined>(4096))
    page[rip & 0xfff] = insn
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
    this.retired++
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
    if (tf && (!insn.tfAtEnd || this.rflags & TF)) traps |= DR6_BS
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
   * reference §3 review notes: DR6 = ACTIVE_LOW | BS | B2). Not inhibited → same rules as step().
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
          return this.intercepts.ioExiting ? exit(ioExit(this, insn, this.getRip())) : undefined
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

  // ---- Raising exceptions ----------------------------------------------------------------------

  private exceptionIntercepted(vector: number): boolean {
    return vector < 32 && ((this.intercepts.exceptionBitmap >>> vector) & 1) === 1
  }

  /** A fault from fetch, decode or execution: RIP stays at the instruction. */
  private raiseFault(f: GuestFault, rip: number, by: string): StepResult {
    this.rip = rip
    if (f.vector === PF_VECTOR && f.address !== undefined && !this.exceptionIntercepted(PF_VECTOR)) this.cr2 = f.address
    if (this.exceptionIntercepted(f.vector)) {
      const result = this.exceptionExit(f.vector, f.errorCode, undefined, true, undefined, by)
      if (result.kind === 'vmexit' && result.exit.kind === 'exception' && f.address !== undefined) result.exit.address = f.address
      return result
    }
    return this.deliver(f.vector, f.errorCode, rip, 'fault', by) ?? delivered(f.vector)
  }

  /**
   * A #DB with DR6-shaped condition bits (B0-B3, BD, BS, BT; RTM/BLD active-high). Intercepted:
   * Intel leaves DR6 and DR7.GD alone (the bits are the exit qualification), AMD updates DR6 first.
   * Delivered: DR6 is updated and DR7.GD cleared. Returns undefined when delivered normally.
   */
  private raiseDebug(bits: number, faultLike: boolean, icebp: Insn | undefined, by: string): StepResult | undefined {
    const before = this.dr6
    if (this.exceptionIntercepted(DB_VECTOR)) {
      if (this.vendor === 'amd') this.dr6 = this.mergeDr6(bits)
      if (icebp) this.rip = icebp.addr
      return this.exceptionExit(DB_VECTOR, undefined, bits, faultLike, icebp, by, before)
    }
    this.dr6 = this.mergeDr6(bits)
    this.dr7 &= ~DR7_GD
    this.refreshBreakpoints()
    return this.deliver(DB_VECTOR, undefined, this.rip, icebp ? 'icebp' : faultLike ? 'fault' : 'trap', by, undefined, before)
  }

  /**
   * DR6 update on a #DB (SDM Vol. 3 §18.2.3, as kvm-unit-tests x86/debug.c checks it): B0-B3 are
   * replaced by this #DB's matches (the SDM's "may be cleared"; debug.c's hw_bp2 case needs the
   * stale B1 gone); BD/BS/BT are sticky ORs; RTM is re-armed (1) unless this #DB reports it; BLD
   * is cleared when reported and otherwise left as software wrote it; bit 12 reads 0.
   */
  private mergeDr6(bits: number): number {
    let dr6 = (this.dr6 & ~0xf) | (bits & (0xf | DR6_BD | DR6_BS | DR6_BT))
    if (this.features.rtm) dr6 = bits & DR6_RTM ? dr6 & ~DR6_RTM : dr6 | DR6_RTM
    if (bits & DR6_BUS_LOCK) dr6 &= ~DR6_BUS_LOCK
    return ((dr6 | this.dr6Fixed()) & ~0x1000) >>> 0
  }

  private exceptionExit(vector: number, errorCode: number | undefined, dr6Bits: number | undefined, faultLike: boolean, softInsn: Insn | undefined, by: string, dr6Before = this.dr6): StepResult {
    const exit: HardwareExit = {
      kind: 'exception',
      vector,
      errorCode,
      dr6Bits: dr6Bits === undefined ? undefined : bigU32(dr6Bits >>> 0),
      faultLike,
      icebp: softInsn !== undefined && vector === DB_VECTOR,
      instructionLength: softInsn?.length,
      rip: this.getRip(),
    }
    if (this.onEvent) this.onEvent({ kind: 'exception', action: 'intercepted', vector, errorCode, dr6Before: BigInt(dr6Before), dr6After: BigInt(this.dr6), rip: this.getRip(), by })
    return { kind: 'vmexit', exit }
  }

  // ---- Delivery through the IDT ----------------------------------------------------------------

  /**
   * Vectors an event through the 64-bit IDT; nested faults follow SDM Vol. 3 §6.15 (#DF, then
   * shutdown). Returns undefined on success, or the shutdown result.
   */
  private deliver(vector: number, errorCode: number | undefined, returnRip: number, kind: DeliveryKind, by: string, instructionRip?: number, dr6Before?: number): StepResult | undefined {
    const before = dr6Before ?? this.dr6
    try {
      this.vectorThroughIdt(vector, errorCode, returnRip, kind)
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e
      if (kind === 'soft' && instructionRip !== undefined && e.vector === GP_VECTOR) {
        // INT n through a gate with DPL < CPL: #GP on the INT instruction itself.
        return this.raiseFault(e, instructionRip, `INT $${vector}: gate DPL < CPL`)
      }
      if (vector === DF_VECTOR) return this.shutdown(`triple fault: vector ${e.vector} while delivering #DF`)
      if (isDoubleFault(vector, e.vector)) {
        return this.deliver(DF_VECTOR, 0, returnRip, 'fault', `#DF: vector ${e.vector} while delivering vector ${vector}`)
      }
      if (e.vector === PF_VECTOR && e.address !== undefined) this.cr2 = e.address
      return this.deliver(e.vector, e.errorCode, returnRip, 'fault', `vector ${e.vector} while delivering vector ${vector}`)
    }
    // A fault on the instruction in a MOV SS shadow discards the #DB traps that shadow held back
    // (kvm-unit-tests x86/debug.c singlestep_with_movss_blocking_and_dr7_gd expects exactly 5 #DBs).
    if (kind === 'fault') this.pendingDbg = 0
    if (this.onEvent) this.onEvent({ kind: 'exception', action: 'delivered', vector, errorCode, dr6Before: BigInt(before), dr6After: BigInt(this.dr6), rip: BigInt(returnRip), by })
    return undefined
  }

  private shutdown(why: string): StepResult {
    this.shutdownWhy = why
    if (this.onEvent) this.onEvent({ kind: 'shutdown', why })
    return { kind: 'shutdown', why }
  }

  /** SDM Vol. 3 §6.14: 64-bit IDT gate, optional stack switch to TSS.RSP0, 16-byte aligned frame. */
  private vectorThroughIdt(vector: number, errorCode: number | undefined, returnRip: number, kind: DeliveryKind): void {
    const ext = kind === 'soft' ? 0 : 1
    const offset = vector * 16
    if (offset + 15 > this.idtrLimit || this.idtrBase + offset + 16 > this.memSize) throw new GuestFault(GP_VECTOR, vector * 8 + 2 + ext)
    const g = this.idtrBase + offset
    const attributes = this.peek(g + 5, 1)
    const type = attributes & 0xf
    if (type !== 0xe && type !== 0xf) throw new GuestFault(GP_VECTOR, vector * 8 + 2 + ext)
    if (kind === 'soft' && ((attributes >>> 5) & 3) < this.cpl) throw new GuestFault(GP_VECTOR, vector * 8 + 2)
    if (!(attributes & 0x80)) throw new GuestFault(NP_VECTOR, vector * 8 + 2 + ext)
    const selector = this.peek(g + 2, 2)
    const target = this.peek(g, 2) + this.peek(g + 6, 2) * 0x10000 + this.peek(g + 8, 4) * TWO_32
    const cs = readDescriptor(this, selector)
    if (!cs || !cs.code || !cs.long || cs.dpl > this.cpl) throw new GuestFault(GP_VECTOR, (selector & 0xfffc) + ext)
    if (!cs.present) throw new GuestFault(NP_VECTOR, (selector & 0xfffc) + ext)

    const oldCpl = this.cpl
    const newCpl = cs.dpl as 0 | 3
    const oldSpLo = this.lo[4]
    const oldSpHi = this.hi[4]
    const oldSs = this.seg[SEG_SS]
    let image = this.rflags
    if (kind === 'fault' && setsRfInFrame(vector)) image |= RF
    const watch = this.watch
    this.watch = false
    try {
      if (newCpl < oldCpl) {
        if (this.trBase + 12 > this.memSize || this.trLimit < 11) throw new GuestFault(TS_VECTOR, (this.trSel & 0xfffc) + ext)
        this.lo[4] = this.peek(this.trBase + 4, 4)
        this.hi[4] = this.peek(this.trBase + 8, 4)
      }
      this.lo[4] = this.lo[4] & ~0xf
      this.push64(oldSs, 0)
      this.push64(oldSpLo >>> 0, oldSpHi >>> 0)
      this.push64(image >>> 0, 0)
      this.push64(this.seg[SEG_CS], 0)
      this.push64(returnRip >>> 0, Math.floor(returnRip / TWO_32))
      if (errorCode !== undefined && hasErrorCode(vector) && kind !== 'soft' && kind !== 'external') this.push64(errorCode >>> 0, 0)
    } catch (e) {
      this.lo[4] = oldSpLo
      this.hi[4] = oldSpHi
      throw e
    } finally {
      this.watch = watch
    }
    if (newCpl < oldCpl) this.seg[SEG_SS] = newCpl
    this.seg[SEG_CS] = (selector & 0xfffc) | newCpl
    this.cpl = newCpl
    this.rip = target
    this.rflags &= ~(TF | NT | RF | VM)
    if (type === 0xe) this.rflags &= ~IF
    this.shadow = 'none'
    this.halted = false
  }

  // ---- VM-entry injection ------------------------------------------------------------------------

  injectEvent(event: InjectedEvent): StepResult {
    const rip = this.rip
    const length = event.instructionLength ?? 0
    const kind: DeliveryKind =
      event.type === 'hw-exception' ? 'fault' : event.type === 'sw-exception' ? 'soft' : event.type === 'priv-sw-exception' ? 'icebp' : event.type === 'nmi' ? 'nmi' : 'external'
    const returnRip = kind === 'soft' || kind === 'icebp' ? rip + length : rip
    const before = this.dr6
    // Injection delivers as-is: KVM already set RF for faults and merged any #DB payload into DR6.
    const injectKind = kind === 'fault' ? 'trap' : kind
    const errorCode = event.type === 'hw-exception' ? event.errorCode : undefined
    try {
      this.vectorThroughIdt(event.vector, errorCode, returnRip, injectKind)
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e
      if (event.vector === DF_VECTOR) return this.shutdown(`triple fault: vector ${e.vector} while delivering injected #DF`)
      if (isDoubleFault(event.vector, e.vector)) return this.deliver(DF_VECTOR, 0, returnRip, 'fault', `#DF during injection of vector ${event.vector}`) ?? delivered(DF_VECTOR)
      if (e.vector === PF_VECTOR && e.address !== undefined) this.cr2 = e.address
      return this.deliver(e.vector, e.errorCode, kind === 'soft' ? rip : returnRip, 'fault', `vector ${e.vector} while injecting vector ${event.vector}`) ?? delivered(e.vector)
    }
    if (this.onEvent) this.onEvent({ kind: 'exception', action: 'injected', vector: event.vector, errorCode, dr6Before: BigInt(before), dr6After: BigInt(this.dr6), rip: BigInt(returnRip), by: `VM-entry injection (${event.type})` })
    return delivered(event.vector)
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

  // ---- Accessors for the KVM model and the runner -----------------------------------------------

  getRip(): bigint {
    if (this.rip !== this.ripBigOf) {
      this.ripBig = BigInt(this.rip)
      this.ripBigOf = this.rip
    }
    return this.ripBig
  }

  setRip(value: bigint): void {
    if (value >= 0n && value <= MAX_EXACT_RIP) {
      // The usual case (KVM skipping an instruction): no asUintN copy, and getRip() returns this very BigInt.
      this.rip = Number(value)
      this.ripBig = value
      this.ripBigOf = this.rip
      return
    }
    this.rip = Number(BigInt.asUintN(64, value))
  }

  getLinearRip(): bigint {
    return this.getRip()
  }

  getRflags(): bigint {
    return bigU32(this.rflags >>> 0)
  }

  setRflags(value: bigint): void {
    this.rflags = (low32(value) | 2) >>> 0
  }

  getDr(n: number): bigint {
    if (n < 4) return this.dr[n]
    return bigU32(n === 4 || n === 6 ? this.dr6 : this.dr7)
  }

  /** KVM loads DR0-DR3, DR6 and DR7 at every VM entry, mostly unchanged: only a new DR0-DR3 or DR7 value re-arms breakpoints (DR6 arms none). */
  setDr(n: number, value: bigint): void {
    if (n === 4 || n === 6) {
      this.dr6 = low32(value)
      return
    }
    if (n < 4) {
      // Compared before asUintN, which makes a new BigInt even for an in-range value.
      if (value === this.dr[n]) return
      this.dr[n] = BigInt.asUintN(64, value)
    } else {
      const dr7 = low32(value)
      if (dr7 === this.dr7) return
      this.dr7 = dr7
    }
    this.refreshBreakpoints()
  }

  getCr(cr: ControlRegister): bigint {
    return this.readCr(cr)
  }

  setCr(cr: ControlRegister, value: bigint): void {
    this.writeCr(cr, value)
  }

  getEfer(): bigint {
    return BigInt(this.efer)
  }

  getDebugctl(): bigint {
    return this.debugctl
  }

  setDebugctl(value: bigint): void {
    this.debugctl = value
  }

  getInterruptShadow(): InterruptShadow {
    return this.shadow
  }

  setInterruptShadow(shadow: InterruptShadow): void {
    this.shadow = shadow
  }

  getPendingDebugExceptions(): bigint {
    return bigU32(this.pendingDbg >>> 0)
  }

  setPendingDebugExceptions(bits: bigint): void {
    this.pendingDbg = low32(bits)
  }

  getCpl(): 0 | 3 {
    return this.cpl
  }

  readMemory(address: bigint, length: number): Uint8Array {
    return this.readBytes(Number(address), length)
  }

  writeMemory(address: bigint, bytes: Uint8Array): void {
    this.writeBytes(Number(address), bytes)
  }

  readU64(address: bigint): bigint {
    const a = Number(address)
    return (BigInt(this.peek(a + 4, 4)) << 32n) | BigInt(this.peek(a, 4))
  }

  writeU64(address: bigint, value: bigint): void {
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, value), true)
    this.writeBytes(Number(address), bytes)
  }

  queueInterrupt(vector: number): void {
    this.pendingIrqs.push(vector & 0xff)
  }

  isHalted(): boolean {
    return this.halted
  }
}

/** Bits 31:0 of a value, unsigned; `value & 0xffffffffn` would make a BigInt, even for the usual 32-bit value. */
function low32(value: bigint): number {
  return value >= 0n && value <= 0xffffffffn ? Number(value) : Number(value & 0xffffffffn)
}

/** Handler of decode-cache entries the CPU does not implement: the step layer reports #UD by name. */
function unsupported(): void {
  throw new GuestFault(UD_VECTOR)
}

