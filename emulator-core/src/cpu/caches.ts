/**
 * Every process-wide memo, cache and slab of the CPU layer, each with a name, a bound and a reset().
 * What they hold can be rebuilt from its key, so emptying one changes no result, only time and
 * memory; their state is private to this module (callers get values or fresh views, never the
 * tables). Per-object caches die with their object and are not listed: a machine's decode pages
 * (GuestMemory.cachePages), an image page's decoded instructions (SharedPage.decoded), an
 * instruction's trace text (Insn), a CPU's RIP BigInt (RipBigInt below).
 */
import type { Cache } from '../types/cache'
import { asDouble } from './bigint-bridge'
import type { Insn } from './insn'
import type { MemoryImage } from './memory-image'

// ---- BigInts of 32-bit values --------------------------------------------------------------------

const BIG_SLOTS_LOG2 = 6
const bigKeys = new Float64Array(1 << BIG_SLOTS_LOG2).fill(-1)
const bigValues = new Array<bigint>(1 << BIG_SLOTS_LOG2).fill(0n)

/**
 * BigInt(value) for a 32-bit value (unsigned, or signed as `&=` leaves DR7), from a direct-mapped
 * cache of recent values (BigInts are immutable, so sharing them is safe): KVM reads DR6, DR7 and
 * RFLAGS as BigInts dozens of times per run, and #DB exits report DR6-shaped bits, mostly the same
 * few values.
 */
export function bigU32(value: number): bigint {
  const slot = Math.imul(value, 0x9e3779b1) >>> (32 - BIG_SLOTS_LOG2)
  if (bigKeys[slot] !== value) {
    bigKeys[slot] = value
    bigValues[slot] = BigInt(value)
  }
  return bigValues[slot]
}

const u32BigInts: Cache = {
  name: 'cpu: BigInts of 32-bit values, direct-mapped (slots)',
  bound: 1 << BIG_SLOTS_LOG2,
  size: () => bigKeys.reduce((n, key) => (key === -1 ? n : n + 1), 0),
  reset() {
    bigKeys.fill(-1)
    bigValues.fill(0n)
  },
}

/**
 * One machine's BigInt of its RIP and the RIP it was made for: KVM and the exits read RIP several
 * times per exit. Per machine (bound 1), so no reset is needed between runs.
 */
export class RipBigInt {
  private big = 0n
  private of = asDouble(0)

  /** BigInt(rip), made once per RIP value. */
  get(rip: number): bigint {
    if (rip !== this.of) {
      this.big = BigInt(rip)
      this.of = rip
    }
    return this.big
  }

  /** Records that `big` is BigInt(rip) (a caller that has the BigInt already). */
  set(rip: number, big: bigint): void {
    this.big = big
    this.of = rip
  }
}

// ---- All-zero memory images -------------------------------------------------------------------------

/** Bound on remembered sizes (scenarios use one or two); past it the memo starts over. */
const EMPTY_IMAGE_SIZES = 8
const emptyImages = new Map<number, MemoryImage>()

/** All-zero memory of a size, made by `build` on a miss (machines map it until mapImage or their first write; nothing is ever decoded into zero pages). */
export function emptyImage(memSize: number, build: (memSize: number) => MemoryImage): MemoryImage {
  let image = emptyImages.get(memSize)
  if (!image) {
    image = build(memSize)
    if (emptyImages.size >= EMPTY_IMAGE_SIZES) emptyImages.clear()
    emptyImages.set(memSize, image)
  }
  return image
}

const emptyImageCache: Cache = {
  name: 'cpu: all-zero memory images by size (images)',
  bound: EMPTY_IMAGE_SIZES,
  size: () => emptyImages.size,
  reset: () => emptyImages.clear(),
}

// ---- Register slab ------------------------------------------------------------------------------

const REGISTER_SLAB_BYTES = 16384
let registerSlab = new ArrayBuffer(0)
let registerSlabUsed = REGISTER_SLAB_BYTES

/**
 * A machine's fixed-size typed arrays (GPR halves, selectors, breakpoint starts) are views into
 * shared slabs: a typed array with a buffer of its own costs ~250 bytes (array, buffer and backing
 * store), a view ~90, and a fuzz pair makes two machines. A slab is freed once no machine in it is
 * referenced.
 */
export function registerArray<T>(View: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }, length: number): T {
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

const registerSlabCache: Cache = {
  name: 'cpu: register-array slab (bytes)',
  bound: REGISTER_SLAB_BYTES,
  size: () => (registerSlab.byteLength === 0 ? 0 : registerSlabUsed),
  reset() {
    // The next machine starts a new slab; the current one lives on with its machines.
    registerSlab = new ArrayBuffer(0)
    registerSlabUsed = REGISTER_SLAB_BYTES
  },
}

// ---- Page slab ----------------------------------------------------------------------------------

const PAGE_SLAB_BYTES = 1 << 16
let pageSlab = new Uint8Array(0)
let pageSlabUsed = PAGE_SLAB_BYTES

/**
 * The byte offset in carvedSlab() of `bytes` new zero bytes (a 4 KiB page): pages (a machine's
 * first writes, a program image's pages) are carved from 64 KiB slabs, since creating and
 * collecting an ArrayBuffer costs far more than its 4 KiB. A slab is freed once none of its pages
 * is referenced.
 */
export function carvePage(bytes: number): number {
  if (pageSlabUsed + bytes > PAGE_SLAB_BYTES) {
    pageSlab = new Uint8Array(PAGE_SLAB_BYTES)
    pageSlabUsed = 0
  }
  const offset = pageSlabUsed
  pageSlabUsed += bytes
  return offset
}

/** The slab holding the page carvePage() returned last (its bytes belong to that page's owner). */
export function carvedSlab(): Uint8Array<ArrayBuffer> {
  return pageSlab
}

const pageSlabCache: Cache = {
  name: 'cpu: memory-page slab (bytes)',
  bound: PAGE_SLAB_BYTES,
  size: () => (pageSlab.length === 0 ? 0 : pageSlabUsed),
  reset() {
    // The next page starts a new slab; the current one lives on with its pages.
    pageSlab = new Uint8Array(0)
    pageSlabUsed = PAGE_SLAB_BYTES
  },
}

// ---- Decode memo --------------------------------------------------------------------------------

/*
 * Decoded instructions by address and bytes, shared by every machine. A fuzz campaign assembles a
 * new program per case, but the same instructions recur at the same addresses, and decoding with
 * iced (plus formatting the trace text) costs far more than finding them again. Sound because x86
 * decoding reads an instruction's bytes in order and decides its length from them alone: the same
 * leading bytes at the same address decode to the same instruction, whatever follows.
 */

interface Node {
  insn?: Insn
  next?: Map<number, Node>
}

/** Bound on remembered instructions (a few MiB with their trie); past it the memo starts over. */
const DECODE_CAPACITY = 1 << 14
const roots = new Map<number, Node>()
let remembered = 0

/** Guest memory, as the memo reads it (a machine). */
interface Memory {
  peek(address: number, size: 1): number
}

/** The remembered instruction whose bytes start the `length` bytes at `address`, if any (read in place: a hit copies no window). */
export function findDecoded(address: number, length: number, memory: Memory): Insn | undefined {
  let node = roots.get(address)
  for (let i = 0; node !== undefined && i < length; i++) {
    node = node.next?.get(memory.peek(address + i, 1))
    if (node?.insn) return node.insn
  }
  return undefined
}

/** Remembers a decoded instruction the CPU models (#UD-by-name entries are left to a fresh decode). */
export function rememberDecoded(insn: Insn): void {
  if (insn.unsupported) return
  if (remembered >= DECODE_CAPACITY) decodeMemo.reset()
  let node = roots.get(insn.addr)
  if (!node) roots.set(insn.addr, (node = {}))
  for (const byte of insn.bytes) {
    node.next ??= new Map<number, Node>()
    let child = node.next.get(byte)
    if (!child) node.next.set(byte, (child = {}))
    node = child
  }
  if (!node.insn) {
    node.insn = insn
    remembered++
  }
}

const decodeMemo: Cache = {
  name: 'cpu: decoded instructions by address and bytes (instructions)',
  bound: DECODE_CAPACITY,
  size: () => remembered,
  reset() {
    roots.clear()
    remembered = 0
  },
}

/** The CPU layer's caches. */
export const cpuCaches: readonly Cache[] = [u32BigInts, emptyImageCache, registerSlabCache, pageSlabCache, decodeMemo]
