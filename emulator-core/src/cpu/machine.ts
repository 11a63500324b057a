/**
 * The guest CPU's architectural state and the primitive accesses instruction semantics use:
 * registers, operands and the stack, over guest memory (./guest-memory) and the debug registers
 * (./debug-registers); DR/CR/MSR/CPUID/port accesses go through `env` (./hardware-env on bare
 * metal). Execution (step, delivery, debug traps) lives in ./cpu.
 *
 * Fixed-width storage on purpose: GPRs are pairs of 32-bit halves, never BigInt (see
 * ./bigint-bridge). BigInt appears only on slow paths.
 */
import type { CpuFeatures, ExecEnv, InterruptShadow, Vendor } from './seam'
import { EFER_LMA, EFER_LME, EFER_NXE, GP_VECTOR, PF_VECTOR, PFEC_FETCH, PFEC_USER, PFEC_WRITE, RFLAGS_FIXED, SS_VECTOR } from './constants'
import { TWO_32, asDouble } from './bigint-bridge'
import { registerArray } from './caches'
import { DebugRegisters } from './debug-registers'
import { GuestFault } from './fault'
import { HardwareEnv, type PortIo, UNCONNECTED_PORTS } from './hardware-env'
import { Operand, OperandType } from './operand'

export class Machine extends DebugRegisters {
  readonly vendor: Vendor
  readonly features: CpuFeatures

  // ---- General-purpose registers -------------------------------------------------------------
  /** GPR bits 31:0 (RAX=0 ... R15=15); read unsigned with `>>> 0`. */
  readonly lo = registerArray(Int32Array, 16)
  /** GPR bits 63:32. */
  readonly hi = registerArray(Int32Array, 16)

  // ---- Instruction pointer and flags ---------------------------------------------------------
  /** RIP of the instruction being executed (between instructions: of the next one). A number: guest code lives below MAX_MEMORY; far canonical targets are kept approximately. */
  rip = asDouble(0)
  /** RIP after the current instruction; branch semantics overwrite it. */
  nextRip = asDouble(0)
  /** RFLAGS (all defined bits fit in 32). Bit 1 always reads as 1. */
  rflags = RFLAGS_FIXED

  // ---- Segments and descriptor tables -------------------------------------------------------
  /** Segment selectors ES, CS, SS, DS, FS, GS (bases are 0: flat long mode). */
  readonly seg = registerArray(Uint16Array, 6)
  /** Current privilege level (CS.RPL; CS.DPL of a conforming-free flat model). */
  cpl: 0 | 3 = 0
  /** CS.L of the current code segment: the model runs only 64-bit code, so this stays true. */
  csLong = true
  /** GDTR base and limit. */
  gdtrBase = asDouble(0)
  gdtrLimit = 0
  /** IDTR base and limit. */
  idtrBase = asDouble(0)
  idtrLimit = 0
  /** TR selector and the cached base/limit of the 64-bit TSS it names (RSP0 at base+4). */
  trSel = 0
  trBase = asDouble(0)
  trLimit = 0

  // ---- Control registers and MSRs ------------------------------------------------------------
  /** CR0 (PE|PG|... ; long mode needs PE and PG). */
  cr0 = 0
  /** CR2: last #PF linear address. */
  cr2 = 0n
  /** CR3: stored only (no paging model: linear = physical). */
  cr3 = 0n
  /** CR4 (DE selects DR4/DR5 behaviour and enables I/O breakpoints; PAE for long mode). */
  cr4 = 0
  /** CR8: task-priority register (bits 3:0). */
  cr8 = 0
  /** IA32_EFER (LME|LMA for long mode, SCE, NXE). */
  efer = EFER_LME | EFER_LMA
  /** IA32_DEBUGCTL (LBR, BTF, BUS_LOCK_DETECT are stored; none changes behaviour here). */
  debugctl = 0n

  // ---- Interruptibility and pending events --------------------------------------------------
  /** Interrupt shadow in effect at the current instruction boundary (set by STI / MOV SS / POP SS). */
  shadow: InterruptShadow = 'none'
  /** DR6-shaped trap #DB conditions deferred by MOV SS blocking (VMX GUEST_PENDING_DBG_EXCEPTIONS). */
  pendingDbg = 0
  /** Shadow set by the instruction being executed (STI when IF was 0, MOV SS); 'none' otherwise. */
  newShadow: InterruptShadow = 'none'
  /** Software interrupt requested by the current instruction: vector, or -1. */
  softIntVector = -1
  /** Which instruction requested it: INT n, INT3 or ICEBP (INT1). */
  softIntKind: 'int' | 'int3' | 'icebp' = 'int'
  /** The instruction loaded RFLAGS.RF itself (IRETQ): do not clear RF when it completes. */
  keepRf = false
  /** Queued external interrupt vectors (the INTR line), oldest first. */
  readonly pendingIrqs: number[] = []
  /** HLT state: no instructions run until an interrupt (or NMI, #DB trap...) is delivered. */
  halted = false
  /** Set when HLT has called env.halt() (executeDecoded reports it; cleared there first). */
  haltCompleted = false

  // ---- Scratch (no allocation per instruction) -----------------------------------------------
  /** ALU result halves. */
  rLo = asDouble(0)
  rHi = asDouble(0)
  /** High half of the last 64-bit operand read. */
  opHi = asDouble(0)
  /** Last effective address halves. */
  eaLo = asDouble(0)
  eaHi = asDouble(0)

  /** How DR/CR/port/MSR/CPUID/HLT accesses are carried out: the hardware, or KVM's emulator ops. */
  env: ExecEnv
  readonly hwEnv: ExecEnv
  /** Native port I/O (not intercepted). */
  portIo: PortIo = UNCONNECTED_PORTS

  constructor(vendor: Vendor, memorySize: number, features: CpuFeatures) {
    super(memorySize)
    this.vendor = vendor
    this.features = features
    this.hwEnv = new HardwareEnv(this)
    this.env = this.hwEnv
  }

  // ---- GPRs ----------------------------------------------------------------------------------

  getReg(n: number): bigint {
    return (BigInt(this.hi[n] >>> 0) << 32n) | BigInt(this.lo[n] >>> 0)
  }

  setReg(n: number, value: bigint): void {
    const v = BigInt.asUintN(64, value)
    this.lo[n] = Number(v & 0xffffffffn)
    this.hi[n] = Number(v >> 32n)
  }

  /** Reads GPR n at a width; for size 8 the high half goes to opHi. */
  readGpr(n: number, size: number, high8: boolean): number {
    const lo = this.lo[n]
    if (size === 8) {
      this.opHi = this.hi[n] >>> 0
      return lo >>> 0
    }
    this.opHi = 0
    if (size === 4) return lo >>> 0
    if (size === 2) return lo & 0xffff
    return high8 ? (lo >>> 8) & 0xff : lo & 0xff
  }

  /** Writes GPR n at a width: 32-bit writes zero bits 63:32, 8/16-bit writes merge. */
  writeGpr(n: number, size: number, high8: boolean, lo: number, hi: number): void {
    if (size === 8) {
      this.lo[n] = lo
      this.hi[n] = hi
    } else if (size === 4) {
      this.lo[n] = lo
      this.hi[n] = 0
    } else if (size === 2) {
      this.lo[n] = (this.lo[n] & ~0xffff) | (lo & 0xffff)
    } else if (high8) {
      this.lo[n] = (this.lo[n] & ~0xff00) | ((lo & 0xff) << 8)
    } else {
      this.lo[n] = (this.lo[n] & ~0xff) | (lo & 0xff)
    }
  }

  // ---- Operands ------------------------------------------------------------------------------

  /** Computes a memory operand's effective address into eaLo/eaHi. */
  effectiveAddress(o: Operand): void {
    let lo = o.dispLo
    let hi = o.dispHi
    if (o.base >= 0) {
      lo += this.lo[o.base] >>> 0
      hi += this.hi[o.base] >>> 0
    }
    if (o.index >= 0) {
      lo += (this.lo[o.index] >>> 0) * o.scale
      hi += (this.hi[o.index] >>> 0) * o.scale
    }
    this.eaLo = lo >>> 0
    this.eaHi = o.addr32 ? 0 : (hi + Math.floor(lo / TWO_32)) >>> 0
  }

  /** Linear address of an access of `size` bytes at eaLo/eaHi; faults when it leaves guest memory. */
  checkedAddress(size: number, write: boolean, stack: boolean): number {
    if (this.eaHi === 0 && this.eaLo + size <= this.memSize) return this.eaLo
    return this.addressFault(this.eaLo, this.eaHi, write ? PFEC_WRITE : 0, stack)
  }

  /** #GP(0) (#SS(0) for stack accesses) for a non-canonical address, else #PF (not present) with CR2 = the first byte outside memory. */
  addressFault(lo: number, hi: number, pfec: number, stack: boolean): never {
    const top = hi >>> 15
    if (top !== 0 && top !== 0x1ffff) throw new GuestFault(stack ? SS_VECTOR : GP_VECTOR, 0)
    const start = (BigInt(hi) << 32n) | BigInt(lo)
    const firstOutside = hi === 0 && lo < this.memSize ? BigInt(this.memSize) : start
    throw new GuestFault(PF_VECTOR, pfec | (this.cpl === 3 ? PFEC_USER : 0), firstOutside)
  }

  /** Reads an operand; returns bits 31:0 (unsigned), bits 63:32 in opHi. */
  readOp(o: Operand): number {
    switch (o.type) {
      case OperandType.Gpr:
        return this.readGpr(o.reg, o.size, o.high8)
      case OperandType.Imm:
        this.opHi = o.immHi
        return o.immLo
      case OperandType.Mem:
        this.effectiveAddress(o)
        return this.read(this.checkedAddress(o.size, false, false), o.size)
      case OperandType.Seg:
        this.opHi = 0
        return this.seg[o.reg]
      default:
        throw new Error(`readOp: operand type ${o.type} is not a value operand`)
    }
  }

  /** Writes an operand (value bits 31:0 and 63:32). */
  writeOp(o: Operand, lo: number, hi: number): void {
    if (o.type === OperandType.Gpr) {
      this.writeGpr(o.reg, o.size, o.high8, lo, hi)
    } else if (o.type === OperandType.Mem) {
      this.effectiveAddress(o)
      this.write(this.checkedAddress(o.size, true, false), o.size, lo, hi)
    } else {
      throw new Error(`writeOp: operand type ${o.type} is not writable`)
    }
  }

  // ---- Stack ---------------------------------------------------------------------------------

  /** Pushes an 8-byte value (64-bit stack). */
  push64(lo: number, hi: number): void {
    const spLo = this.lo[4] >>> 0
    const newLo = (spLo - 8) >>> 0
    const newHi = spLo < 8 ? (this.hi[4] - 1) >>> 0 : this.hi[4] >>> 0
    this.eaLo = newLo
    this.eaHi = newHi
    const a = this.checkedAddress(8, true, true)
    this.write(a, 8, lo, hi)
    this.lo[4] = newLo
    this.hi[4] = newHi
  }

  /** Pops an 8-byte value: returns bits 31:0, bits 63:32 in opHi. */
  pop64(): number {
    this.eaLo = this.lo[4] >>> 0
    this.eaHi = this.hi[4] >>> 0
    const a = this.checkedAddress(8, false, true)
    const lo = this.read(a, 8)
    const hi = this.opHi
    const spLo = (this.lo[4] >>> 0) + 8
    this.lo[4] = spLo
    if (spLo > 0xffffffff) this.hi[4] = this.hi[4] + 1
    this.opHi = hi
    return lo
  }

  /** The fetch-side #PF for code outside guest memory. */
  fetchFault(address: number): never {
    // The I/D bit is reported only when execute-disable is in use (SDM Vol. 3 §4.7).
    return this.addressFault(address >>> 0, Math.floor(address / TWO_32) >>> 0, this.efer & EFER_NXE ? PFEC_FETCH : 0, false)
  }
}
