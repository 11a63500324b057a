import { describe, expect, it } from 'vitest'
import { eventText } from './event-text'

describe('eventText', () => {
  it('shows each kind on one line with the fields a reviewer reads', () => {
    expect(eventText({ kind: 'insn', seq: 0, rip: '0x1005', text: 'mov %dr0,%rax', path: 'emulated', level: 'L2' })).toBe('0x1005 mov %dr0,%rax (emulated, L2)')
    expect(eventText({ kind: 'insn', seq: 0, rip: '0x1008', text: 'hlt', path: 'native', level: 'L1' })).toBe('0x1008 hlt')
    expect(
      eventText({ kind: 'exception', seq: 1, action: 'injected', vector: 1, has_payload: true, payload: '0x2000', dr6_before: '0xffff0ff0', dr6_after: '0xffff2ff0', rip: '0x1005', level: 'L1', by: 'x' }),
    ).toBe('#DB injected rip=0x1005 payload=0x2000 dr6 0xffff0ff0->0xffff2ff0')
    expect(
      eventText({ kind: 'exception', seq: 1, action: 'delivered', vector: 6, has_payload: false, dr6_before: '0xffff0ff0', dr6_after: '0xffff0ff0', rip: '0x1005', level: 'L2', by: 'x' }),
    ).toBe('#UD delivered rip=0x1005 dr6=0xffff0ff0 (L2)')
    expect(eventText({ kind: 'exit', seq: 2, reason: 'DEBUG', exception: 1, pc: '0x1005', dr6: '0xffff2ff0', dr7: '0x2400', by: 'handle_dr' })).toBe(
      'exit DEBUG exception=1 pc=0x1005 dr6=0xffff2ff0 dr7=0x2400',
    )
    expect(eventText({ kind: 'exit', seq: 2, reason: 'IO', port: '0x80', direction: 'out', by: 'x' })).toBe('exit IO port=0x80 out')
    expect(eventText({ kind: 'vmexit', seq: 3, reason: '0x0', intr_info: '0x80000301', exit_qualification: '0x1', dr6: '0xffff0ff0', rip: '0x1005', by: 'x' })).toBe(
      'vmexit reason=0x0 intr_info=0x80000301 qual=0x1 dr6=0xffff0ff0 rip=0x1005',
    )
    expect(eventText({ kind: 'vmm', seq: 4, action: 'get_debugregs', result: { dr6: '0xffff2ff0', dr7: '0x2400' } })).toBe('vmm get_debugregs dr6=0xffff2ff0 dr7=0x2400')
    expect(eventText({ kind: 'note', seq: 5, text: 'budget reached' })).toBe('note: budget reached')
  })
})
