/** Reading the guest exception log the recording handlers write (layout in ./layout). */
import type { Machine } from '../cpu/machine'
import { hex, type Hex } from '../types/hex'
import type { GuestExceptionRecord } from '../types/trace'
import { LOG_BASE, LOG_CAPACITY, LOG_RECORD_SIZE } from './layout'
import { recorderReadsDr6 } from './recorder'

/** The records in the guest's memory, oldest first (read in place: no copy of the log). */
export function readGuestLog(memory: Pick<Machine, 'peek'>): GuestExceptionRecord[] {
  const countHi = memory.peek(LOG_BASE + 4, 4)
  const count = countHi === 0 ? Math.min(memory.peek(LOG_BASE, 4), LOG_CAPACITY) : LOG_CAPACITY
  const records: GuestExceptionRecord[] = []
  for (let n = 0; n < count; n++) {
    const r = LOG_BASE + 8 + n * LOG_RECORD_SIZE
    const vector = memory.peek(r, 4) + memory.peek(r + 4, 4) * 2 ** 32
    records.push({
      vector,
      rip: u64(memory, r + 8),
      ...(recorderReadsDr6(vector) ? { dr6: u64(memory, r + 16) } : {}),
      error_code: u64(memory, r + 24),
    })
  }
  return records
}

/** The little-endian u64 at `a`, as hex (a BigInt only when bits 63:32 are set). */
function u64(memory: Pick<Machine, 'peek'>, a: number): Hex {
  const lo = memory.peek(a, 4)
  const hi = memory.peek(a + 4, 4)
  return hi === 0 ? hex(lo) : hex((BigInt(hi) << 32n) | BigInt(lo))
}
