/** Reading the guest exception log the recording handlers write (layout in ./layout). */
import type { Machine } from '../cpu/machine'
import { hex } from '../types/hex'
import type { GuestExceptionRecord } from '../types/trace'
import { LOG_BASE, LOG_CAPACITY, LOG_RECORD_SIZE } from './layout'

/** The records in the guest's memory, oldest first. */
export function readGuestLog(memory: Pick<Machine, 'readBytes'>): GuestExceptionRecord[] {
  const head = memory.readBytes(LOG_BASE, 8)
  const count = Math.min(Number(new DataView(head.buffer).getBigUint64(0, true)), LOG_CAPACITY)
  const log = memory.readBytes(LOG_BASE + 8, count * LOG_RECORD_SIZE)
  const dv = new DataView(log.buffer)
  const records: GuestExceptionRecord[] = []
  for (let n = 0; n < count; n++) {
    const r = n * LOG_RECORD_SIZE
    records.push({
      vector: Number(dv.getBigUint64(r, true)),
      rip: hex(dv.getBigUint64(r + 8, true)),
      dr6: hex(dv.getBigUint64(r + 16, true)),
      error_code: hex(dv.getBigUint64(r + 24, true)),
    })
  }
  return records
}
