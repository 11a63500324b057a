/**
 * Guest memory: flat (linear = physical), paged and copy-on-write. A page is the zero page or an
 * image's shared page until the first write gives this machine its own copy, so a run pays only for
 * the pages it writes. Also the per-machine half of the decode cache, which writes keep right.
 */
import { emptyImage } from './caches'
import type { Insn } from './insn'
import { CHUNK_MASK, CHUNK_SHIFT, MemoryImage, OwnPage, PAGE_SHIFT, PAGE_SIZE, ZERO_PAGE, type SharedPage } from './memory-image'

/** Largest supported guest memory: addresses stay small non-negative integers. */
export const MAX_MEMORY = 1 << 30
export const DEFAULT_MEMORY = 4 << 20
const PAGE_MASK = PAGE_SIZE - 1

export abstract class GuestMemory {
  readonly memSize: number
  /** The mapped image (all zeros until mapImage): a page is this machine's own once it differs from the image's. */
  private image: MemoryImage
  /** The current bytes of each 4 KiB page, by chunk (see MemoryImage): the image's table until the first write. */
  private table: readonly (readonly (SharedPage | OwnPage)[])[]
  /** `table` once this machine has its own copy (made on the first page it owns, with that page's chunk copied); undefined while it maps the image's. */
  private ownTable: (readonly (SharedPage | OwnPage)[])[] | undefined = undefined
  /** Decode cache: per page, per offset, the decoded instruction starting there, where no shared page's cache applies (written bytes, zero pages, instructions running into the next page). */
  protected readonly cachePages: (Insn | undefined)[][] = []

  /** High half of the last 64-bit value read (the machine's operand scratch). */
  abstract opHi: number
  /** Data-breakpoint accesses are being checked (see DebugRegisters). */
  abstract watch: boolean
  abstract checkDataBreakpoints(a: number, size: number, write: boolean): void

  constructor(memorySize: number) {
    if (memorySize <= 0 || memorySize > MAX_MEMORY || memorySize % 4096 !== 0) {
      throw new RangeError(`guest memory size must be a multiple of 4096 up to ${MAX_MEMORY}, got ${memorySize}`)
    }
    this.memSize = memorySize
    this.image = emptyImage(memorySize, MemoryImage.empty)
    this.table = this.image.chunks
  }

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
  protected sharedInsn(p: number, off: number): Insn | undefined {
    const own = this.ownCopy(p)
    if (own === undefined) return this.image.page(p).decoded.get(off)
    const insn = own.origin?.decoded.get(off)
    return insn !== undefined && own.unwritten(off, off + insn.length) ? insn : undefined
  }

  /** Keeps an instruction decoded at `rip` for the next lookup: in the image page its bytes are from, or in this machine's decode pages. */
  protected cacheDecoded(rip: number, insn: Insn): void {
    const pageIndex = rip >>> PAGE_SHIFT
    const end = (rip & PAGE_MASK) + insn.length
    // Instructions in an image page's unwritten bytes are the same for every machine mapping it; an
    // instruction running into the next page depends on that page too, so it stays private.
    const shared = end <= PAGE_SIZE ? this.sharedHome(pageIndex, rip & PAGE_MASK, end) : undefined
    if (shared) {
      shared.decoded.set(rip & PAGE_MASK, insn)
      return
    }
    const page = (this.cachePages[pageIndex] ??= new Array<Insn | undefined>(PAGE_SIZE))
    page[rip & PAGE_MASK] = insn
  }

  /** The image page that can keep an instruction decoded from offsets [off, end) of page p: the one those bytes are still from (none for zero pages). */
  private sharedHome(p: number, off: number, end: number): SharedPage | undefined {
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


  /** Like Uint8Array.slice on flat memory: the part of [address, address+length) inside memory, copied. */
  readBytes(address: number, length: number): Uint8Array {
    const start = Math.min(Math.max(address, 0), this.memSize)
    const end = Math.min(Math.max(address + length, start), this.memSize)
    return end > start ? this.bytesAt(start, end - start).slice() : new Uint8Array(0)
  }

  /** Slow-path byte write for loaders and the KVM model (no breakpoints; keeps the decode cache right). */
  writeBytes(address: number, bytes: Uint8Array): void {
    if (!(address >= 0 && address + bytes.length <= this.memSize)) throw new RangeError('offset is out of bounds')
    this.copyIn(address, bytes)
    if (bytes.length > 0) this.invalidateCode(address, bytes.length)
  }
}
