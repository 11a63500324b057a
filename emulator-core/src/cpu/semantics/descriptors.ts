/** GDT descriptor reads for segment loads, IRETQ and event delivery (SDM Vol. 3 §3.4.5, §5.8). */
import type { Machine } from '../machine'

export interface SegmentDescriptor {
  present: boolean
  dpl: number
  /** Code segment (S=1, type bit 3). */
  code: boolean
  /** Data: writable; code: readable. */
  writable: boolean
  /** Code: 64-bit (L bit). */
  long: boolean
  /** System descriptor (S=0), e.g. a TSS. */
  system: boolean
  /** System type (9/11 = available/busy 64-bit TSS). */
  type: number
  /** Base address (bits 31:0; 64-bit system descriptors add the next 8 bytes' low dword). */
  base: number
  limit: number
}

/** Reads the GDT entry a selector names, or undefined when it lies outside the GDT or memory. */
export function readDescriptor(m: Machine, selector: number): SegmentDescriptor | undefined {
  const offset = selector & 0xfff8
  if (selector & 4) return undefined
  if (offset + 7 > m.gdtrLimit) return undefined
  const a = m.gdtrBase + offset
  if (a + 16 > m.memSize) return undefined
  const low = m.peek(a, 4)
  const high = m.peek(a + 4, 4)
  const type = (high >>> 8) & 0xf
  const system = ((high >>> 12) & 1) === 0
  let base = ((low >>> 16) | ((high & 0xff) << 16) | (high & 0xff000000)) >>> 0
  if (system) base += m.peek(a + 8, 4) * 4294967296
  return {
    present: ((high >>> 15) & 1) === 1,
    dpl: (high >>> 13) & 3,
    code: !system && (type & 8) !== 0,
    writable: (type & 2) !== 0,
    long: ((high >>> 21) & 1) === 1,
    system,
    type,
    base,
    limit: ((low & 0xffff) | (high & 0xf0000)) >>> 0,
  }
}
