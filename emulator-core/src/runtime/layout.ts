/**
 * The guest runtime's fixed memory layout and its descriptor tables: GDT (null, 64-bit kernel code
 * 0x08, kernel data 0x10, user code 0x18|3, user data 0x20|3, 64-bit TSS 0x28), an IDT of 64-bit
 * interrupt gates for all 256 vectors, and a TSS whose RSP0 is the kernel stack top.
 */
import type { Machine } from '../cpu/machine'
import { CR0_PE, CR0_PG, CR4_PAE, EFER_LMA, EFER_LME, RFLAGS_FIXED } from '../cpu/constants'

/** Runtime data: GDT at 0x1000, IDT at 0x2000 (256 × 16 bytes), TSS at 0x3000. */
export const GDT_BASE = 0x1000
export const IDT_BASE = 0x2000
export const TSS_BASE = 0x3000
/** Runtime code (the exception handlers). */
export const RUNTIME_CODE_BASE = 0x10000
/** End (exclusive) of the runtime code region: instructions in [RUNTIME_CODE_BASE, RUNTIME_CODE_END) are runtime instructions. */
export const RUNTIME_CODE_END = 0x20000
/** Guest exception log: a u64 record count, then 32-byte records {vector, rip, dr6, error_code}. */
export const LOG_BASE = 0x20000
export const LOG_RECORD_SIZE = 32
export const LOG_CAPACITY = 1024
/** Where scenario code is assembled by default. */
export const GUEST_ORIGIN = 0x100000
/** CPL3 stack top (grows down). */
export const USER_STACK_TOP = 0x380000
/** CPL0 stack top, also TSS.RSP0 (grows down). */
export const KERNEL_STACK_TOP = 0x3f0000
export const DEFAULT_MEMORY_SIZE = 4 << 20

export const KERNEL_CS = 0x08
export const KERNEL_DS = 0x10
export const USER_CS = 0x18 | 3
export const USER_DS = 0x20 | 3
export const TSS_SELECTOR = 0x28

const GDT_ENTRIES: bigint[] = [
  0n,
  // 64-bit kernel code: P, DPL0, S, type 0xA (execute/read), L.
  0x00209a0000000000n,
  // Kernel data: P, DPL0, S, type 2 (read/write).
  0x0000920000000000n,
  // 64-bit user code: P, DPL3, type 0xA, L.
  0x0020fa0000000000n,
  // User data: P, DPL3, type 2.
  0x0000f20000000000n,
]
const TSS_LIMIT = 0x67
export const GDT_LIMIT = (GDT_ENTRIES.length + 2) * 8 - 1

/** A 64-bit interrupt gate (type 0xE, present, DPL `dpl`) to `target` in the kernel code segment. */
function writeGate(m: Machine, vector: number, target: number, dpl: number): void {
  const g = IDT_BASE + vector * 16
  m.poke(g, 2, target & 0xffff, 0)
  m.poke(g + 2, 2, KERNEL_CS, 0)
  m.poke(g + 4, 1, 0, 0)
  m.poke(g + 5, 1, 0x8e | (dpl << 5), 0)
  m.poke(g + 6, 2, (target >>> 16) & 0xffff, 0)
  m.poke(g + 8, 4, Math.floor(target / 4294967296), 0)
  m.poke(g + 12, 4, 0, 0)
}

function poke64(m: Machine, address: number, value: bigint): void {
  m.poke(address, 8, Number(value & 0xffffffffn), Number(value >> 32n))
}

/**
 * Writes GDT, TSS and IDT into guest memory. `handlerFor(vector)` gives each gate's target.
 * Gates are DPL0 except #BP (3) and vector 4, so INT3/INTO work at CPL3 as on Linux; `INT $1`
 * from CPL3 therefore raises #GP (gate DPL check), while ICEBP is not subject to it.
 */
export function writeDescriptorTables(m: Machine, handlerFor: (vector: number) => number): void {
  GDT_ENTRIES.forEach((entry, n) => poke64(m, GDT_BASE + n * 8, entry))
  const tssLow = BigInt(TSS_LIMIT) | (BigInt(TSS_BASE & 0xffffff) << 16n) | (0x89n << 40n) | (BigInt(TSS_BASE >>> 24) << 56n)
  poke64(m, GDT_BASE + TSS_SELECTOR, tssLow)
  poke64(m, GDT_BASE + TSS_SELECTOR + 8, 0n)
  m.writeBytes(TSS_BASE, new Uint8Array(TSS_LIMIT + 1))
  poke64(m, TSS_BASE + 4, BigInt(KERNEL_STACK_TOP))
  // I/O map base beyond the limit: no I/O permission bitmap.
  m.poke(TSS_BASE + 0x66, 2, TSS_LIMIT + 1, 0)
  for (let v = 0; v < 256; v++) writeGate(m, v, handlerFor(v), v === 3 || v === 4 ? 3 : 0)
}

/**
 * Puts the CPU in 64-bit long mode at CPL0 with the runtime's tables loaded (what a boot loader
 * would have done): CR0.PE|PG, CR4.PAE, EFER.LME|LMA, flat segments, TR loaded, RSP at the
 * kernel stack top, RFLAGS = 0x2.
 */
export function enterLongMode(m: Machine, rip: number): void {
  m.cr0 = (CR0_PE | CR0_PG | 0x10) >>> 0
  m.cr4 = CR4_PAE
  m.efer = EFER_LME | EFER_LMA
  m.gdtrBase = GDT_BASE
  m.gdtrLimit = GDT_LIMIT
  m.idtrBase = IDT_BASE
  m.idtrLimit = 256 * 16 - 1
  m.seg.set([KERNEL_DS, KERNEL_CS, KERNEL_DS, KERNEL_DS, KERNEL_DS, KERNEL_DS])
  m.cpl = 0
  m.trSel = TSS_SELECTOR
  m.trBase = TSS_BASE
  m.trLimit = TSS_LIMIT
  // LTR marks the TSS busy.
  m.poke(GDT_BASE + TSS_SELECTOR + 5, 1, 0x8b, 0)
  m.setReg(4, BigInt(KERNEL_STACK_TOP))
  m.rflags = RFLAGS_FIXED
  m.rip = rip
  m.refreshBreakpoints()
}
