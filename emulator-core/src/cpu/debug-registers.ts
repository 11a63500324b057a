/**
 * The debug registers and the breakpoint state derived from them (SDM Vol. 3 §18.2): DR0-DR3, DR6,
 * DR7, and per breakpoint its kind, aligned start and length, recomputed whenever DR0-DR3, DR7 or
 * CR4.DE change so the per-instruction and per-access checks read small integers.
 */
import { TWO_53, asDouble } from './bigint-bridge'
import { registerArray } from './caches'
import { CR4_DE, DR6_ACTIVE_LOW, DR6_BUS_LOCK, DR6_RTM, DR6_VOLATILE, DR7_FIXED_1 } from './constants'
import { GuestMemory } from './guest-memory'
import type { CpuFeatures } from './seam'

/** Hardware breakpoint kinds by DR7 R/W field value. */
const BP_CODE = 0
const BP_WRITE = 1
const BP_IO = 2
const BP_RW = 3
/** DR7 LEN field → breakpoint length in bytes (SDM Vol. 3 §18.2.5: 00=1, 01=2, 10=8, 11=4). */
const BP_LENGTH = [1, 2, 8, 4]

export abstract class DebugRegisters extends GuestMemory {
  abstract readonly features: CpuFeatures
  /** CR4 (DE selects DR4/DR5 behaviour and enables I/O breakpoints). */
  abstract cr4: number

  /** DR0-DR3 breakpoint linear addresses. */
  readonly dr: bigint[] = [0n, 0n, 0n, 0n]
  /** DR6 (bits 63:32 are always 0). */
  dr6 = DR6_ACTIVE_LOW
  /** DR7 (bits 63:32 are always 0). */
  dr7 = asDouble(DR7_FIXED_1)

  // ---- Derived debug state (recomputed whenever DR0-3/DR7/CR4 change) ------------------------
  /** Any enabled instruction breakpoint. */
  codeBpArmed = false
  /** Any enabled data breakpoint (gates the per-access check). */
  dataBpArmed = false
  /** Any enabled I/O breakpoint (R/W=10 with CR4.DE). */
  ioBpArmed = false
  /** Per breakpoint: kind (BP_*) or -1 when disabled, aligned start, length. Small integers in plain arrays (smaller than even a typed-array view); the starts are doubles. */
  readonly bpKind = [-1, -1, -1, -1]
  readonly bpStart = registerArray(Float64Array, 4)
  readonly bpLen = [0, 0, 0, 0]
  /** Data-breakpoint accesses are being checked (armed and not running for KVM's emulator). */
  watch = false
  /** B0-B3 of data/I/O breakpoints hit by the current instruction. */
  dataHits = 0
  /** The instruction is running under executeDecoded (KVM's emulator): no hardware debug behaviour. */
  emulating = false

  /** Recomputes the breakpoint tables after DR0-DR3, DR7 or CR4.DE changed. */
  refreshBreakpoints(): void {
    let code = false
    let data = false
    let io = false
    for (let i = 0; i < 4; i++) {
      const enabled = (this.dr7 >>> (i * 2)) & 3
      const rw = (this.dr7 >>> (16 + i * 4)) & 3
      const len = BP_LENGTH[(this.dr7 >>> (18 + i * 4)) & 3]
      let kind = enabled ? rw : -1
      // R/W=10 is an I/O breakpoint only with CR4.DE; otherwise undefined, modelled as no match.
      if (kind === BP_IO && !(this.cr4 & CR4_DE)) kind = -1
      this.bpKind[i] = kind
      this.bpLen[i] = kind === BP_CODE ? 1 : len
      // Only an armed breakpoint's address is read (and converted from BigInt).
      const addr = kind !== -1 && this.dr[i] < TWO_53 ? Number(this.dr[i]) : -1
      this.bpStart[i] = addr < 0 ? -1 : kind === BP_IO ? addr & 0xffff & ~(len - 1) : addr - (addr % len)
      if (kind === BP_CODE) code = true
      else if (kind === BP_WRITE || kind === BP_RW) data = true
      else if (kind === BP_IO) io = true
    }
    this.codeBpArmed = code
    this.dataBpArmed = data
    this.ioBpArmed = io
    this.watch = data && !this.emulating
  }

  /**
   * Instruction-breakpoint matches at a linear address (B0-B3). An instruction breakpoint needs
   * R/W=00; like KVM's kvm_vcpu_check_hw_bp() we also require LEN=00 (other LENs are undefined).
   */
  codeBreakpointHits(address: number): number {
    let hits = 0
    for (let i = 0; i < 4; i++) {
      if (this.bpKind[i] === BP_CODE && ((this.dr7 >>> (18 + i * 4)) & 3) === 0 && this.bpStart[i] === address) hits |= 1 << i
    }
    return hits
  }

  /** Data breakpoints (SDM Vol. 3 §18.2.5): R/W=01 matches writes, R/W=11 reads or writes; any overlap with the aligned range. */
  checkDataBreakpoints(a: number, size: number, write: boolean): void {
    for (let i = 0; i < 4; i++) {
      const kind = this.bpKind[i]
      if (kind !== BP_RW && (kind !== BP_WRITE || !write)) continue
      const start = this.bpStart[i]
      if (a < start + this.bpLen[i] && a + size > start) this.dataHits |= 1 << i
    }
  }

  /** I/O breakpoints (R/W=10 with CR4.DE): any overlap of the accessed ports with the aligned range. */
  checkIoBreakpoints(port: number, size: number): void {
    for (let i = 0; i < 4; i++) {
      if (this.bpKind[i] !== BP_IO) continue
      const start = this.bpStart[i]
      if (port < start + this.bpLen[i] && port + size > start) this.dataHits |= 1 << i
    }
  }

  /** DR6 bits forced to 1 on this CPU: kvm_dr6_fixed() (x86.c) on the hardware side. */
  dr6Fixed(): number {
    let fixed = (DR6_ACTIVE_LOW & ~DR6_VOLATILE) >>> 0
    if (!this.features.rtm) fixed |= DR6_RTM
    if (!this.features.busLockDetect) fixed |= DR6_BUS_LOCK
    return fixed >>> 0
  }
}
