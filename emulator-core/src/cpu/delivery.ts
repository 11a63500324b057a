/**
 * Raising exceptions and delivering events: faults and #DBs from the step layer, go to the IDT or,
 * when intercepted, out as VM exits; delivery through the 64-bit IDT with double/triple-fault rules
 * (SDM Vol. 3 §6.14-6.15); VM-entry injection.
 */
import { BP_VECTOR, DB_VECTOR, DE_VECTOR, DF_VECTOR, DR6_BD, DR6_BS, DR6_BT, DR6_BUS_LOCK, DR6_RTM, DR7_GD, GP_VECTOR, IF, NP_VECTOR, NT, PF_VECTOR, RF, SS_VECTOR, TF, TS_VECTOR, VM } from './constants'
import { TWO_32 } from './bigint-bridge'
import { bigU32 } from './caches'
import { GuestFault, hasErrorCode } from './fault'
import { GuestCpuState } from './guest-cpu-state'
import type { Insn } from './insn'
import { SEG_CS, SEG_SS } from './operand'
import { readDescriptor } from './semantics/descriptors'
import type { CpuEvent, HardwareExit, InjectedEvent, InterceptControls, StepResult } from './seam'
import { noIntercepts } from './seam'

/** 'delivered' results by vector, shared: callers read step results, never change them. */
const DELIVERED: readonly StepResult[] = Array.from({ length: 256 }, (_, vector) => ({ kind: 'delivered', vector }))

/** The step result of a delivered event. */
export function delivered(vector: number): StepResult {
  return DELIVERED[vector] ?? { kind: 'delivered', vector }
}

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

export class EventDelivery extends GuestCpuState {
  readonly intercepts: InterceptControls = noIntercepts()
  /** Receives the CPU's events; unset, none is built (runs that keep no event list). */
  onEvent: ((event: CpuEvent) => void) | undefined
  /** Set once a triple fault shut the CPU down. */
  shutdownWhy: string | undefined

  protected exceptionIntercepted(vector: number): boolean {
    return vector < 32 && ((this.intercepts.exceptionBitmap >>> vector) & 1) === 1
  }

  /** A fault from fetch, decode or execution: RIP stays at the instruction. */
  protected raiseFault(f: GuestFault, rip: number, by: string): StepResult {
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
  protected raiseDebug(bits: number, faultLike: boolean, icebp: Insn | undefined, by: string): StepResult | undefined {
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

  protected exceptionExit(vector: number, errorCode: number | undefined, dr6Bits: number | undefined, faultLike: boolean, softInsn: Insn | undefined, by: string, dr6Before = this.dr6): StepResult {
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
  protected deliver(vector: number, errorCode: number | undefined, returnRip: number, kind: DeliveryKind, by: string, instructionRip?: number, dr6Before?: number): StepResult | undefined {
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
}
