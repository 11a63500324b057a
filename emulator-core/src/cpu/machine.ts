/**
 * The guest CPU's architectural state and the primitive accesses instruction semantics use:
 * registers, flat guest memory (linear = physical), operands, the stack, and the hardware side of
 * DR/CR/MSR/CPUID/port accesses. Execution (step, delivery, debug traps) lives in ./cpu.
 *
 * Fixed-width storage on purpose: GPRs are pairs of 32-bit halves, never BigInt (BigInt math is far
 * too slow for the instruction rate we need). BigInt appears only on slow paths.
 */
import type { ControlRegister, CpuFeatures, ExecEnv, InterruptShadow, Vendor } from './seam'
import {
  CR4_DE,
  DEBUGCTL_VALID,
  DR6_ACTIVE_LOW,
  DR6_BUS_LOCK,
  DR6_RTM,
  DR6_VOLATILE,
  DR7_FIXED_1,
  DR7_VOLATILE,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
  EFER_SCE,
  GP_VECTOR,
  MSR_EFER,
  MSR_IA32_DEBUGCTL,
  PF_VECTOR,
  PFEC_FETCH,
  PFEC_USER,
  PFEC_WRITE,
  RFLAGS_FIXED,
  SS_VECTOR,
} from './constants'
import { GuestFault } from './fault'
import { Operand, OperandType } from './operand'
import type { Insn } from './insn'
import { cpuidLeaf } from './cpuid'
import { SyscallMsrs } from './syscall-msrs'
import { CHUNK_MASK, CHUNK_SHIFT, MemoryImage, OwnPage, PAGE_SHIFT, PAGE_SIZE, ZERO_PAGE, type SharedPage } from './memory-image'

/** Largest supported guest memory: addresses stay small non-negative integers. */
export const MAX_MEMORY = 1 << 30
export const DEFAULT_MEMORY = 4 << 20
const PAGE_MASK = PAGE_SIZE - 1
const TWO_32 = 4294967296
const TWO_53 = 1n << 53n

/** Hardware breakpoint kinds by DR7 R/W field value. */
/**
 * `value` as a double, for the initial value of a number field that will hold doubles (addresses
 * made as hi * 2^32 + lo, unsigned 32-bit values of 2^31 and up). V8 fixes a field's representation
 * at its first store: a field that starts as a small integer and later gets a double changes it,
 * which deoptimizes every compiled function that touches a CPU (a fuzz campaign saw ~140
 * deoptimizations and about a second of recompiling, e.g. the first time a guest set DR7 bit 31).
 */
export function asDouble(value: number): number {
  return value + -0
}

/**
 * BigInt(value) for a 32-bit value (unsigned, or signed as `&=` leaves DR7), from a direct-mapped cache of recent values (BigInts
 * are immutable, so sharing them is safe): KVM reads DR6, DR7 and RFLAGS as BigInts dozens of times
 * per run, and #DB exits report DR6-shaped bits, mostly the same few values.
 */
export function bigU32(value: number): bigint {
  const slot = Math.imul(value, 0x9e3779b1) >>> (32 - BIG_SLOTS_LOG2)
  if (bigKeys[slot] !== value) {
    bigKeys[slot] = value
    bigValues[slot] = BigInt(value)
  }
  return bigValues[slot]
}

const BIG_SLOTS_LOG2 = 6
const bigKeys = new Float64Array(1 << BIG_SLOTS_LOG2).fill(-1)
const bigValues = new Array<bigint>(1 << BIG_SLOTS_LOG2).fill(0n)

const BP_CODE = 0
const BP_WRITE = 1
const BP_IO = 2
const BP_RW = 3
/** DR7 LEN field → breakpoint length in bytes (SDM Vol. 3 §18.2.5: 00=1, 01=2, 10=8, 11=4). */
const BP_LENGTH = [1, 2, 8, 4]

const emptyImages = new Map<number, MemoryImage>()

/** All-zero memory of a size (cached: machines map it until mapImage or their first write). */
function emptyImage(memSize: number): MemoryImage {
  let image = emptyImages.get(memSize)
  if (!image) {
    image = MemoryImage.empty(memSize)
    emptyImages.set(memSize, image)
  }
  return image
}

/**
 * A machine's fixed-size typed arrays are views into shared slabs: a typed array with a buffer of
 * its own costs ~250 bytes (array, buffer and backing store), a view ~90, and a fuzz pair makes two
 * machines. A slab is freed once no machine in it is referenced.
 */
function registerArray<T>(View: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }, length: number): T {
  // Rounded up to 8 bytes, so every view (Float64Array included) starts aligned.
  const bytes = (length * View.BYTES_PER_ELEMENT + 7) & ~7
  if (registerSlabUsed + bytes > REGISTER_SLAB_BYTES) {
    registerSlab = new ArrayBuffer(REGISTER_SLAB_BYTES)
    registerSlabUsed = 0
  }
  const view = new View(registerSlab, registerSlabUsed, length)
  registerSlabUsed += bytes
  return view
}

const REGISTER_SLAB_BYTES = 16384
let registerSlab = new ArrayBuffer(0)
let registerSlabUsed = REGISTER_SLAB_BYTES

interface PortIo {
  in(port: number, size: 1 | 2 | 4): number
  out(port: number, size: 1 | 2 | 4, value: number): void
}

/** No device on any port: reads float high (all ones), writes go nowhere. Shared: machines replace, never mutate, it. */
const UNCONNECTED_PORTS: PortIo = {
  in: (_port, size) => (size === 4 ? 0xffffffff : (1 << (size * 8)) - 1),
  out: () => {},
}

export class Machine {
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
  /** STAR/LSTAR/CSTAR/FMASK, FS/GS/KERNEL_GS bases, TSC_AUX. */
  readonly syscallMsrs = new SyscallMsrs()
  /** Instructions retired (step layer): the time-stamp counter's clock, one tick per instruction. */
  retired = asDouble(0)

  // ---- Debug registers (hardware) ------------------------------------------------------------
  /** DR0-DR3 breakpoint linear addresses. */
  readonly dr: bigint[] = [0n, 0n, 0n, 0n]
  /** DR6 (bits 63:32 are always 0). */
  dr6 = DR6_ACTIVE_LOW
  /** DR7 (bits 63:32 are always 0). */
  dr7 = asDouble(DR7_FIXED_1)

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

  // ---- Memory --------------------------------------------------------------------------------
  // Paged, copy-on-write: a page is the zero page or an image's shared page until the first write
  // gives this machine its own copy, so a run pays only for the pages it writes.
  readonly memSize: number
  /** The mapped image (all zeros until mapImage): a page is this machine's own once it differs from the image's. */
  private image: MemoryImage
  /** The current bytes of each 4 KiB page, by chunk (see MemoryImage): the image's table until the first write. */
  private table: readonly (readonly (SharedPage | OwnPage)[])[]
  /** `table` once this machine has its own copy (made on the first page it owns, with that page's chunk copied); undefined while it maps the image's. */
  private ownTable: (readonly (SharedPage | OwnPage)[])[] | undefined = undefined
  /** Decode cache: per page, per offset, the decoded instruction starting there, where no shared page's cache applies (written bytes, zero pages, instructions running into the next page). */
  readonly cachePages: (Insn | undefined)[][] = []

  // ---- Scratch (no allocation per instruction) -----------------------------------------------
  /** ALU result halves. */
  rLo = asDouble(0)
  rHi = asDouble(0)
  /** High half of the last 64-bit operand read. */
  opHi = asDouble(0)
  /** Last effective address halves. */
  eaLo = asDouble(0)
  eaHi = asDouble(0)

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
  /** Set when HLT has called env.halt() (executeDecoded reports it; cleared there first). */
  haltCompleted = false

  /** How DR/CR/port/MSR/CPUID/HLT accesses are carried out: the hardware, or KVM's emulator ops. */
  env: ExecEnv
  readonly hwEnv: ExecEnv
  /** Native port I/O (not intercepted). */
  portIo: PortIo = UNCONNECTED_PORTS

  constructor(vendor: Vendor, memorySize: number, features: CpuFeatures) {
    if (memorySize <= 0 || memorySize > MAX_MEMORY || memorySize % 4096 !== 0) {
      throw new RangeError(`guest memory size must be a multiple of 4096 up to ${MAX_MEMORY}, got ${memorySize}`)
    }
    this.vendor = vendor
    this.features = features
    this.memSize = memorySize
    this.image = emptyImage(memorySize)
    this.table = this.image.chunks
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

  // ---- Memory --------------------------------------------------------------------------------

  /** Reads `size` bytes at a checked address; bits 63:32 of an 8-byte read go to opHi. */
  read(a: number, size: number): number {
    if (this.watch) this.checkDataBreakpoints(a, size, false)
    const off = a & PAGE_MASK
    if (off + size > PAGE_SIZE) return this.readAcrossPages(a, size)
    const page = this.pageAt(a >>> PAGE_SHIFT)
    switch (size) {
      case 1:
        this.opHi = 0
        return page.getUint8(off)
      case 2:
        this.opHi = 0
        return page.getUint16(off, true)
      case 4:
        this.opHi = 0
        return page.getUint32(off, true)
      default:
        this.opHi = page.getUint32(off + 4, true)
        return page.getUint32(off, true)
    }
  }

  /** Writes `size` bytes at a checked address and drops decoded instructions it overwrites. */
  write(a: number, size: number, lo: number, hi: number): void {
    if (this.watch) this.checkDataBreakpoints(a, size, true)
    this.poke(a, size, lo, hi)
  }

  /** Reads 1, 2 or 4 bytes at an in-memory address, without breakpoint checks or scratch state (descriptor tables, loaders). */
  peek(a: number, size: 1 | 2 | 4): number {
    const off = a & PAGE_MASK
    if (off + size > PAGE_SIZE) return this.bytesAt(a, size).reduceRight((v, b) => v * 256 + b, 0)
    const page = this.pageAt(a >>> PAGE_SHIFT)
    return size === 1 ? page.getUint8(off) : size === 2 ? page.getUint16(off, true) : page.getUint32(off, true)
  }

  /** Writes `size` bytes (lo = bits 31:0, hi = bits 63:32) at an in-memory address without breakpoint checks; keeps the decode cache right. */
  poke(a: number, size: number, lo: number, hi: number): void {
    const off = a & PAGE_MASK
    if (off + size > PAGE_SIZE) {
      this.writeAcrossPages(a, size, lo, hi)
    } else {
      const p = a >>> PAGE_SHIFT
      let page = this.ownCopy(p)
      if (page === undefined) {
        // Writing what a shared page already holds changes nothing (the boot's TSS busy bit): keep sharing it.
        if (size <= 4 && this.peek(a, size as 1 | 2 | 4) === (size === 4 ? lo >>> 0 : lo & ((1 << (size * 8)) - 1))) return
        page = this.ownPage(p)
      }
      page.wrote(off, off + size)
      switch (size) {
        case 1:
          page.setUint8(off, lo)
          break
        case 2:
          page.setUint16(off, lo, true)
          break
        case 4:
          page.setUint32(off, lo, true)
          break
        default:
          page.setUint32(off, lo, true)
          page.setUint32(off + 4, hi, true)
      }
    }
    // Shared pages' decode caches need no upkeep: their instructions apply here only outside the bytes this machine wrote.
    if (this.cachePages.length !== 0) this.invalidateCode(a, size)
  }

  /** The current bytes of page p: the image's page until this machine writes it, then its own copy. */
  pageAt(p: number): SharedPage | OwnPage {
    return this.table[p >>> CHUNK_SHIFT][p & CHUNK_MASK]
  }

  /** Whether this machine has its own copy of page p (it wrote it). */
  owns(p: number): boolean {
    return this.ownCopy(p) !== undefined
  }

  /** This machine's own copy of page p, or undefined while it maps the image's (an identity test: instanceof costs the write path ~10%). */
  private ownCopy(p: number): OwnPage | undefined {
    const page = this.pageAt(p)
    return page === this.image.page(p) ? undefined : (page as OwnPage)
  }

  /** The instruction an image page has decoded at offset `off` of page p, while this machine's bytes there are still that page's. */
  sharedInsn(p: number, off: number): Insn | undefined {
    const own = this.ownCopy(p)
    if (own === undefined) return this.image.page(p).decoded.get(off)
    const insn = own.origin?.decoded.get(off)
    return insn !== undefined && own.unwritten(off, off + insn.length) ? insn : undefined
  }

  /** The image page that can keep an instruction decoded from offsets [off, end) of page p: the one those bytes are still from (none for zero pages). */
  sharedHome(p: number, off: number, end: number): SharedPage | undefined {
    const own = this.ownCopy(p)
    const home = own === undefined ? this.image.page(p) : own.unwritten(off, end) ? own.origin : undefined
    return home === ZERO_PAGE ? undefined : home
  }

  /** Gives this machine its own copy of page p (first write to it) and returns it. */
  private ownPage(p: number): OwnPage {
    const page = OwnPage.copyOf(this.image.page(p))
    const table = (this.ownTable ??= this.table.slice())
    const chunk = table[p >>> CHUNK_SHIFT].slice()
    chunk[p & CHUNK_MASK] = page
    table[p >>> CHUNK_SHIFT] = chunk
    this.table = table
    return page
  }

  /** Little-endian read of an access that spans two pages; bits 63:32 of an 8-byte read go to opHi. */
  private readAcrossPages(a: number, size: number): number {
    const bytes = this.bytesAt(a, size)
    let lo = 0
    let hi = 0
    for (let n = Math.min(size, 4) - 1; n >= 0; n--) lo = lo * 256 + bytes[n]
    for (let n = size - 1; n >= 4; n--) hi = hi * 256 + bytes[n]
    this.opHi = hi
    return lo
  }

  private writeAcrossPages(a: number, size: number, lo: number, hi: number): void {
    const bytes = new Uint8Array(size)
    for (let n = 0; n < size; n++) bytes[n] = n < 4 ? (lo >>> (n * 8)) & 0xff : (hi >>> ((n - 4) * 8)) & 0xff
    this.copyIn(a, bytes)
  }

  /** `length` bytes at `a` (all inside memory): a view into the page when they lie in one, else a copy. */
  bytesAt(a: number, length: number): Uint8Array {
    const off = a & PAGE_MASK
    if (off + length <= PAGE_SIZE) {
      const page = this.pageAt(a >>> PAGE_SHIFT)
      return new Uint8Array(page.buffer, page.byteOffset + off, length)
    }
    const out = new Uint8Array(length)
    for (let done = 0; done < length; ) {
      const at = a + done
      const page = this.pageAt(at >>> PAGE_SHIFT)
      const n = Math.min(length - done, PAGE_SIZE - (at & PAGE_MASK))
      out.set(new Uint8Array(page.buffer, page.byteOffset + (at & PAGE_MASK), n), done)
      done += n
    }
    return out
  }

  /** Copies bytes into memory page by page (no decode-cache upkeep: callers do it). */
  private copyIn(a: number, bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) {
      const at = a + done
      const p = at >>> PAGE_SHIFT
      const page = this.ownCopy(p) ?? this.ownPage(p)
      const n = Math.min(bytes.length - done, PAGE_SIZE - (at & PAGE_MASK))
      page.wrote(at & PAGE_MASK, (at & PAGE_MASK) + n)
      new Uint8Array(page.buffer, page.byteOffset + (at & PAGE_MASK), n).set(bytes.subarray(done, done + n))
      done += n
    }
  }

  /** Guest memory as an image (pages copied): cheap for a machine that wrote few pages. */
  snapshot(): MemoryImage {
    const pages = Array.from({ length: this.memSize >>> PAGE_SHIFT }, (_, p) => this.pageAt(p))
    return MemoryImage.fromPages(pages.map((page) => (page === ZERO_PAGE ? undefined : page)), this.memSize)
  }

  /** Replaces all of guest memory with an image, mapped copy-on-write, and empties the decode cache. */
  mapImage(image: MemoryImage): void {
    if (image.memSize !== this.memSize) throw new RangeError(`CPU memory is ${this.memSize} bytes, the image ${image.memSize}`)
    this.image = image
    this.table = image.chunks
    this.ownTable = undefined
    this.cachePages.length = 0
  }

  /** Drops cached instructions whose bytes overlap [a, a+size) (self-modifying code). */
  invalidateCode(a: number, size: number): void {
    const first = Math.max(0, a - 14)
    const end = a + size
    for (let p = first >>> PAGE_SHIFT; p <= (end - 1) >>> PAGE_SHIFT; p++) {
      const page = this.cachePages[p]
      if (!page) continue
      const stop = Math.min(end, (p + 1) << PAGE_SHIFT)
      for (let start = Math.max(first, p << PAGE_SHIFT); start < stop; start++) {
        const insn = page[start & 0xfff]
        if (insn && start + insn.length > a) page[start & 0xfff] = undefined
      }
    }
  }

  /** Slow-path byte access for loaders and the KVM model (no breakpoints; keeps the decode cache right). */
  /** Like Uint8Array.slice on flat memory: the part of [address, address+length) inside memory, copied. */
  readBytes(address: number, length: number): Uint8Array {
    const start = Math.min(Math.max(address, 0), this.memSize)
    const end = Math.min(Math.max(address + length, start), this.memSize)
    return end > start ? this.bytesAt(start, end - start).slice() : new Uint8Array(0)
  }

  writeBytes(address: number, bytes: Uint8Array): void {
    if (!(address >= 0 && address + bytes.length <= this.memSize)) throw new RangeError('offset is out of bounds')
    this.copyIn(address, bytes)
    if (bytes.length > 0) this.invalidateCode(address, bytes.length)
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

  // ---- Debug-register derived state ----------------------------------------------------------

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

  // ---- Hardware side of DR/CR/MSR/port/CPUID/HLT ---------------------------------------------

  /** MOV to DRn on hardware: bits 63:32 of DR6/DR7 must be 0 (#GP); fixed bits read back fixed. */
  writeDrHardware(n: number, value: bigint): boolean {
    if (n < 4) {
      this.dr[n] = BigInt.asUintN(64, value)
      this.refreshBreakpoints()
      return true
    }
    if (value >> 32n !== 0n) return false
    const v = Number(value)
    if (n === 6 || n === 4) {
      this.dr6 = ((v & DR6_VOLATILE) | this.dr6Fixed()) >>> 0
    } else {
      this.dr7 = ((v & DR7_VOLATILE) | DR7_FIXED_1) >>> 0
      this.refreshBreakpoints()
    }
    return true
  }

  readCr(cr: ControlRegister): bigint {
    switch (cr) {
      case 0:
        return bigU32(this.cr0 >>> 0)
      case 2:
        return this.cr2
      case 3:
        return this.cr3
      case 4:
        return bigU32(this.cr4 >>> 0)
      case 8:
        return bigU32(this.cr8)
    }
  }

  /** MOV to CRn: bits 63:32 of CR0/CR4 and bits 63:4 of CR8 are reserved (#GP). */
  writeCr(cr: ControlRegister, value: bigint): boolean {
    switch (cr) {
      case 0:
        if (value >> 32n !== 0n) return false
        this.cr0 = Number(value)
        return true
      case 2:
        this.cr2 = BigInt.asUintN(64, value)
        return true
      case 3:
        this.cr3 = BigInt.asUintN(64, value)
        return true
      case 4:
        if (value >> 32n !== 0n) return false
        this.cr4 = Number(value)
        this.refreshBreakpoints()
        return true
      case 8:
        if (value >> 4n !== 0n) return false
        this.cr8 = Number(value)
        return true
    }
  }

  readMsr(msr: number): bigint | undefined {
    if (msr === MSR_EFER) return BigInt(this.efer)
    if (msr === MSR_IA32_DEBUGCTL) return this.debugctl
    return this.syscallMsrs.read(msr)
  }

  /** WRMSR: EFER may change SCE/NXE only (long mode stays on); DEBUGCTL accepts LBR, BTF and, with the feature, BUS_LOCK_DETECT; then ./syscall-msrs. */
  writeMsr(msr: number, value: bigint): boolean {
    if (msr === MSR_EFER) {
      const keep = BigInt(EFER_LME | EFER_LMA)
      if ((value & ~BigInt(EFER_SCE | EFER_NXE | EFER_LME | EFER_LMA)) !== 0n || (value & keep) !== keep) return false
      this.efer = Number(value)
      return true
    }
    if (msr === MSR_IA32_DEBUGCTL) {
      const valid = this.features.busLockDetect ? DEBUGCTL_VALID : DEBUGCTL_VALID & ~0x4n
      if ((value & ~valid) !== 0n) return false
      this.debugctl = value
      return true
    }
    return this.syscallMsrs.write(msr, value, this.vendor) ?? false
  }

  /** The fetch-side #PF for code outside guest memory. */
  fetchFault(address: number): never {
    // The I/D bit is reported only when execute-disable is in use (SDM Vol. 3 §4.7).
    return this.addressFault(address >>> 0, Math.floor(address / TWO_32) >>> 0, this.efer & EFER_NXE ? PFEC_FETCH : 0, false)
  }
}

/** The hardware side of DR/CR/port/MSR/CPUID/HLT accesses (one object per machine, no closures). */
class HardwareEnv implements ExecEnv {
  constructor(private readonly m: Machine) {}

  getDr(n: number): bigint {
    const m = this.m
    return n < 4 ? m.dr[n] : bigU32(n === 6 || n === 4 ? m.dr6 : m.dr7)
  }

  setDr(n: number, value: bigint): boolean {
    return this.m.writeDrHardware(n, value)
  }

  getCr(cr: ControlRegister): bigint {
    return this.m.readCr(cr)
  }

  setCr(cr: ControlRegister, value: bigint): boolean {
    return this.m.writeCr(cr, value)
  }

  pioIn(port: number, size: 1 | 2 | 4): number {
    return this.m.portIo.in(port, size)
  }

  pioOut(port: number, size: 1 | 2 | 4, value: number): void {
    this.m.portIo.out(port, size, value)
  }

  rdmsr(msr: number): bigint | undefined {
    return this.m.readMsr(msr)
  }

  wrmsr(msr: number, value: bigint): boolean {
    return this.m.writeMsr(msr, value)
  }

  cpuid(leaf: number, subleaf: number): [number, number, number, number] {
    return cpuidLeaf(this.m.vendor, this.m.features, leaf, subleaf)
  }

  halt(): void {
    this.m.halted = true
  }
}
