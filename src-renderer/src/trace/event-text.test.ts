import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '@patchlab/emulator-core/types'
import { eventOrigin } from './event-text'

const fault = (by: string): TraceEvent => ({ kind: 'exception', seq: 0, action: 'intercepted', vector: 6, has_payload: false, dr6_before: '0xffff0ff0', dr6_after: '0xffff0ff0', rip: '0x100000', level: 'L1', by })

describe('eventOrigin', () => {
  it('words a fault the CPU raised as the SDM does (#UD raised by UD2, Table 6-1 mnemonics)', () => {
    expect(eventOrigin(fault('SDM: Ud2 raised vector 6'))).toBe('#UD raised by UD2')
    expect(eventOrigin(fault('SDM: Int3 raised vector 3'))).toBe('#BP raised by INT3')
  })
  it('keeps kernel function names as they are', () => {
    expect(eventOrigin(fault('kvm_queue_exception_p'))).toBe('kvm_queue_exception_p')
    expect(eventOrigin({ kind: 'note', seq: 0, text: 'x' })).toBeUndefined()
  })
})
