import { describe, expect, it } from 'vitest'
import type { AlignedRow, TraceEvent } from '@patchlab/emulator-core/types'
import { lastEventIndex, stateAt } from './state-at'

// docs/reference/kvm-db-semantics.md §4 S2 (cap on, POST): after emulation the #DB is pending with payload 0x2000 and DR6 is still
// 0xffff0ff0; at injection the payload lands in DR6 (0xffff2ff0) and nothing is pending any more.
const events: TraceEvent[] = [
  { kind: 'insn', seq: 0, rip: '0x1000', text: 'mov %dr0,%rax', path: 'emulated', level: 'L1' },
  { kind: 'exception', seq: 1, action: 'queued', vector: 1, has_payload: true, payload: '0x2000', dr6_before: '0xffff0ff0', dr6_after: '0xffff0ff0', rip: '0x1000', level: 'L1', by: 'kvm_queue_exception_p' },
  { kind: 'vmm', seq: 2, action: 'get_debugregs', result: { dr6: '0xffff0ff0', dr7: '0x2400' } },
  { kind: 'vmm', seq: 3, action: 'get_vcpu_events', result: { pending: 1, exception_has_payload: 1, payload: '0x2000' } },
  { kind: 'exception', seq: 4, action: 'injected', vector: 1, has_payload: true, payload: '0x2000', dr6_before: '0xffff0ff0', dr6_after: '0xffff2ff0', rip: '0x1000', level: 'L1', by: 'kvm_deliver_exception_payload' },
]

describe('stateAt', () => {
  it('shows the pending #DB and its payload inside the window', () => {
    expect(stateAt(events, 3)).toEqual({
      rip: '0x1000',
      dr6: '0xffff0ff0',
      dr7: '0x2400',
      pending: '#DB',
      payload: '0x2000',
      'get_vcpu_events.pending': '1',
      'get_vcpu_events.exception_has_payload': '1',
      'get_vcpu_events.payload': '0x2000',
    })
  })

  it('clears the pending exception and takes DR6 from the injection', () => {
    const after = stateAt(events, 4)
    expect(after.dr6).toBe('0xffff2ff0')
    expect(after.pending).toBeUndefined()
    expect(after.payload).toBeUndefined()
  })

  it('takes RIP from a KVM_EXIT_DEBUG pc (docs/reference/kvm-db-semantics.md S3, POST: pc = X, RIP stays X)', () => {
    const exit: TraceEvent = { kind: 'exit', seq: 0, reason: 'DEBUG', exception: 1, pc: '0x100005', dr6: '0xffff2ff0', by: 'kvm_inject_emulated_db' }
    expect(stateAt([exit], 0)).toEqual({ rip: '0x100005' })
  })

  it('is empty before a side has any event', () => {
    expect(stateAt(events, undefined)).toEqual({})
  })
})

describe('lastEventIndex', () => {
  const rows: AlignedRow[] = [{ a: 0, b: 0, status: 'same' }, { b: 1, status: 'only-b' }, { a: 1, b: 2, status: 'changed' }]
  it('walks back over gaps', () => {
    expect(lastEventIndex(rows, 1, 'a')).toBe(0)
    expect(lastEventIndex(rows, 1, 'b')).toBe(1)
    expect(lastEventIndex(rows, 2, 'a')).toBe(1)
  })
})
