import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '@patchlab/emulator-core/types'
import { eventParts } from './decoded-event'

const text = (e: TraceEvent) => eventParts(e, 'intel').map((p) => p.text).join(' ')

describe('eventParts', () => {
  // docs/reference/kvm-db-semantics.md §4 S3: POST exits with KVM_EXIT_DEBUG, exception 1, dr6 0xffff2ff0 (DR6.BD, SDM Figure 18-1).
  it('decodes KVM_EXIT_DEBUG: the exception by name, DR6 bits, DR7 breakpoints', () => {
    const exit: TraceEvent = { kind: 'exit', seq: 0, reason: 'DEBUG', exception: 1, pc: '0x100005', dr6: '0xffff2ff0', dr7: '0x2400', by: 'kvm_inject_emulated_db' }
    expect(text(exit)).toBe('exit DEBUG (#DB, vector 1) pc=0x100005 dr6=0xffff2ff0 (BD) dr7=0x2400 (GD)')
    const dr6 = eventParts(exit, 'intel').find((p) => p.text.startsWith('dr6='))
    expect(dr6?.title).toMatch(/bit 13 +BD +=\s*1 .*debug register access detected/)
  })
  it('decodes an exception step: payload bits and the DR6 change', () => {
    const injected: TraceEvent = { kind: 'exception', seq: 1, action: 'injected', vector: 1, has_payload: true, payload: '0x4001', dr6_before: '0xffff0ff0', dr6_after: '0xffff4ff1', rip: '0x1000', level: 'L1', by: 'kvm_deliver_exception_payload' }
    expect(text(injected)).toBe('#DB (vector 1) injected rip=0x1000 payload=0x4001 (BS B0) dr6=0xffff0ff0 (none) → dr6=0xffff4ff1 (BS B0)')
  })
  it('decodes the DR6 and DR7 a VMM read', () => {
    const vmm: TraceEvent = { kind: 'vmm', seq: 2, action: 'get_debugregs', result: { db0: '0x1234', dr6: '0xfffe0ff0', dr7: '0x402' } }
    expect(text(vmm)).toBe('vmm get_debugregs db0=0x1234 dr6=0xfffe0ff0 (RTM clear) dr7=0x402 (G0 exec)')
  })
})
