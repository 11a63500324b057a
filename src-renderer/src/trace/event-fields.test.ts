import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '@patchlab/emulator-core/types'
import { eventFieldRows, recordFieldRows } from './event-fields'

// docs/reference/kvm-db-semantics.md §4 S3n vs S3 (POST): the native exit reports dr7 0x2400, the emulated one leaves it out.
const native: TraceEvent = { kind: 'exit', seq: 4, reason: 'DEBUG', exception: 1, pc: '0x1000', dr6: '0xffff2ff0', dr7: '0x2400', by: 'handle_dr' }
const emulated: TraceEvent = { kind: 'exit', seq: 3, reason: 'DEBUG', exception: 1, pc: '0x1000', dr6: '0xffff2ff0', by: 'kvm_inject_emulated_db' }

describe('eventFieldRows', () => {
  it('lists every field of both sides (without seq) and marks the ones that differ', () => {
    expect(eventFieldRows(native, emulated)).toEqual([
      { name: 'kind', a: 'exit', b: 'exit', changed: false },
      { name: 'reason', a: 'DEBUG', b: 'DEBUG', changed: false },
      { name: 'exception', a: '1', b: '1', changed: false },
      { name: 'pc', a: '0x1000', b: '0x1000', changed: false },
      { name: 'dr6', a: '0xffff2ff0', b: '0xffff2ff0', changed: false },
      { name: 'dr7', a: '0x2400', b: undefined, changed: true },
      { name: 'by', a: 'handle_dr', b: 'kvm_inject_emulated_db', changed: true },
    ])
  })

  it('flattens nested results and marks nothing on a gap', () => {
    const vmm: TraceEvent = { kind: 'vmm', seq: 0, action: 'get_vcpu_events', result: { pending: 1, payload: '0x2000' } }
    expect(eventFieldRows(undefined, vmm)).toEqual([
      { name: 'kind', a: undefined, b: 'vmm', changed: false },
      { name: 'action', a: undefined, b: 'get_vcpu_events', changed: false },
      { name: 'result.pending', a: undefined, b: '1', changed: false },
      { name: 'result.payload', a: undefined, b: '0x2000', changed: false },
    ])
  })
})

describe('recordFieldRows', () => {
  it('pairs two final states field by field', () => {
    expect(recordFieldRows({ dr6: '0xffff0ff0', dr7: '0x400' }, { dr6: '0xffff2ff0', dr7: '0x400' })).toEqual([
      { name: 'dr6', a: '0xffff0ff0', b: '0xffff2ff0', changed: true },
      { name: 'dr7', a: '0x400', b: '0x400', changed: false },
    ])
  })
})
