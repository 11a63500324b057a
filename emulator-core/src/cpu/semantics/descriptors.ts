/** GDT descriptor reads for segment loads, IRETQ and event delivery (SDM Vol. 3 §3.4.5, §5.8). */
import { asDouble } from '../bigint-bridge'
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

/** What readDescriptor returns, refilled by every call: each caller checks a descriptor before it reads another, and event delivery reads one per event. */
const descriptor: SegmentDescriptor = { present: false, dpl: 0, code: false, writable: false, long: false, system: false, type: 0, base: asDouble(0), limit: 0 }

/** Reads the GDT entry a selector names, or undefined when it lies outside the GDT or memory. The result is shared: the next call overwrites it. */
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
  const d = descriptor
  d.present = ((high >>> 15) & 1) === 1
  d.dpl = (high >>> 13) & 3
  d.code = !system && (type & 8) !== 0
  d.writable = (type & 2) !== 0
  d.long = ((high >>> 21) & 1) === 1
  d.system = system
  d.type = type
  d.base = base
  d.limit = ((low & 0xffff) | (high & 0xf0000)) >>> 0
  return d
}
