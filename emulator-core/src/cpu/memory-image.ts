/**
 * Immutable guest-memory snapshots that many machines map copy-on-write: a run reads the image's
 * pages in place and copies only the pages it writes (and the page-table chunks mapping them), so
 * starting a run costs no allocation, let alone a 4 MiB copy. Each shared page also keeps the
 * instructions decoded from it, which stay valid for every machine that has not written the page.
 */
import { carvePage, carvedSlab } from './caches'
import type { Insn } from './insn'

export const PAGE_SHIFT = 12
export const PAGE_SIZE = 1 << PAGE_SHIFT

/**
 * One page of an image: the view of its bytes (so an image's pages are a machine's page table as
 * they are) and the instructions decoded from them. Never written once built: a machine writing it
 * copies it first.
 */
export class SharedPage extends DataView<ArrayBuffer> {
  /** Decoded instructions lying wholly inside this page, by page offset (sparse: a page runs a few dozen, and a fuzz case makes a new program page). */
  readonly decoded = new Map<number, Insn>()

  /** The same bytes as a Uint8Array, to copy the page from without making a view per copy. */
  constructor(readonly bytes: Uint8Array<ArrayBuffer>) {
    super(bytes.buffer, bytes.byteOffset, PAGE_SIZE)
  }
}

/**
 * A page a machine wrote: its own copy of an image page (`origin`; undefined for a copy of the zero
 * page). Bytes outside [writtenStart, writtenEnd) are still the origin's, so instructions decoded
 * there are the origin's too: a fuzz program stores to data in its own code page, and its
 * instructions stay shared instead of filling a per-machine decode cache.
 */
export class OwnPage extends DataView<ArrayBuffer> {
  /** The span of page offsets holding every byte written since the copy (empty: start > end). */
  private writtenStart = PAGE_SIZE
  private writtenEnd = 0

  /** A new page holding a copy of `page` (copied straight into the slab: no view per copy). */
  static copyOf(page: SharedPage): OwnPage {
    const offset = carvePage(PAGE_SIZE)
    if (page === ZERO_PAGE) return new OwnPage(offset, undefined)
    carvedSlab().set(page.bytes, offset)
    return new OwnPage(offset, page)
  }

  private constructor(
    slabOffset: number,
    readonly origin: SharedPage | undefined,
  ) {
    super(carvedSlab().buffer, slabOffset, PAGE_SIZE)
  }

  /** Records a write to page offsets [start, end). */
  wrote(start: number, end: number): void {
    if (start < this.writtenStart) this.writtenStart = start
    if (end > this.writtenEnd) this.writtenEnd = end
  }

  /** Whether page offsets [start, end) still hold the origin's bytes. */
  unwritten(start: number, end: number): boolean {
    return end <= this.writtenStart || start >= this.writtenEnd
  }
}

/** A new all-zero page, carved from the page slab (see carvePage). */
function newPage(): Uint8Array<ArrayBuffer> {
  const offset = carvePage(PAGE_SIZE)
  return carvedSlab().subarray(offset, offset + PAGE_SIZE)
}

/** What every page reads as until it is written: zeros. Never written (a write copies the page first); nothing is decoded into it (machines cache zero-page code privately). */
export const ZERO_PAGE = new SharedPage(new Uint8Array(PAGE_SIZE))

/**
 * Page tables are two-level: a table of chunks of CHUNK_PAGES pages. A new image or a machine's
 * first write copies the table and one chunk (a few hundred bytes), not a per-page array.
 */
export const CHUNK_SHIFT = 5
const CHUNK_PAGES = 1 << CHUNK_SHIFT
export const CHUNK_MASK = CHUNK_PAGES - 1

export class MemoryImage {
  private constructor(
    readonly memSize: number,
    /** By chunk, by page in the chunk; ZERO_PAGE where the image is all zeros. A machine maps this very table until it writes. */
    readonly chunks: readonly (readonly SharedPage[])[],
  ) {}

  /** An image of the given pages (page-sized views, copied; undefined or all-zero pages are left out). */
  static fromPages(pages: readonly (DataView | undefined)[], memSize: number): MemoryImage {
    const shared = new Array<SharedPage>(memSize >>> PAGE_SHIFT).fill(ZERO_PAGE)
    pages.forEach((view, p) => {
      const bytes = view && new Uint8Array(view.buffer, view.byteOffset, PAGE_SIZE)
      if (bytes?.some((b) => b !== 0)) shared[p] = new SharedPage(bytes.slice())
    })
    const chunks: SharedPage[][] = []
    for (let p = 0; p < shared.length; p += CHUNK_PAGES) chunks.push(shared.slice(p, p + CHUNK_PAGES))
    return new MemoryImage(memSize, chunks)
  }

  /** All zeros. */
  static empty(memSize: number): MemoryImage {
    return MemoryImage.fromPages([], memSize)
  }

  /** Page p of the image. */
  page(p: number): SharedPage {
    return this.chunks[p >>> CHUNK_SHIFT][p & CHUNK_MASK]
  }

  /** This image with `bytes` written at `address`: only the pages they touch (and their chunks) are new, the rest (and their decoded instructions) are shared. */
  withBytes(address: number, bytes: Uint8Array): MemoryImage {
    if (address < 0 || address + bytes.length > this.memSize) throw new RangeError(`${bytes.length} bytes at 0x${address.toString(16)} do not fit in 0x${this.memSize.toString(16)} bytes of memory`)
    const chunks = this.chunks.slice()
    for (let p = address >>> PAGE_SHIFT; bytes.length > 0 && p <= (address + bytes.length - 1) >>> PAGE_SHIFT; p++) {
      const base = p << PAGE_SHIFT
      const copy = newPage()
      const old = this.page(p)
      if (old !== ZERO_PAGE) copy.set(old.bytes)
      const from = Math.max(address, base)
      const to = Math.min(address + bytes.length, base + PAGE_SIZE)
      copy.set(bytes.subarray(from - address, to - address), from - base)
      const chunk = chunks[p >>> CHUNK_SHIFT].slice()
      chunk[p & CHUNK_MASK] = new SharedPage(copy)
      chunks[p >>> CHUNK_SHIFT] = chunk
    }
    return new MemoryImage(this.memSize, chunks)
  }
}
