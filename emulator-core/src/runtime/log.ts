/** Reading the guest exception log the recording handlers write (layout in ./layout). */
import { hex } from '../types/hex'
import type { GuestExceptionRecord } from '../types/trace'
import { LOG_BASE, LOG_CAPACITY, LOG_RECORD_SIZE } from './layout'

/** The records in guest memory, oldest first. `memory` is the whole guest memory (or a prefix covering the log). */
export function readGuestLog(memory: Uint8Array): GuestExceptionRecord[] {
  const dv = new DataView(memory.buffer, memory.byteOffset, memory.byteLength)
  const count = Math.min(Number(dv.getBigUint64(LOG_BASE, true)), LOG_CAPACITY)
  const records: GuestExceptionRecord[] = []
  for (let n = 0; n < count; n++) {
    const r = LOG_BASE + 8 + n * LOG_RECORD_SIZE
    records.push({
      vector: Number(dv.getBigUint64(r, true)),
      rip: hex(dv.getBigUint64(r + 8, true)),
      dr6: hex(dv.getBigUint64(r + 16, true)),
      error_code: hex(dv.getBigUint64(r + 24, true)),
    })
  }
  return records
}
