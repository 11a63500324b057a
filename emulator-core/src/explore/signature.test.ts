import { describe, expect, it } from 'vitest'
import type { Trace } from '../types'
import { divergenceSignature } from './signature'

function trace(rest: Partial<Trace>): Trace {
  return {
    schema: 'patchlab.trace/1',
    build: 'x',
    stack: [],
    mode: 'fep',
    vendor: 'intel',
    scenario: 't',
    outcome: 'halted',
    events: [],
    guest_exceptions: [],
    exits: [{ reason: 'HLT' }],
    vmexits: [],
    vmm: [],
    final: { rip: '0x1009', rflags: '0x2', dr0: '0x0', dr1: '0x0', dr2: '0x0', dr3: '0x0', dr6: '0xffff0ff0', dr7: '0x400' },
    symbols: {},
    ...rest,
  }
}

describe('divergenceSignature', () => {
  it('is undefined when every observable agrees (events are not observables)', () => {
    expect(divergenceSignature(trace({}), trace({ build: 'y', events: [{ kind: 'note', seq: 0, text: 'x' }] }))).toBeUndefined()
  })

  it('names S3 (pre vs post) by the first differing exit, without addresses', () => {
    // docs/reference/kvm-db-semantics.md §4 S3: PRE no exit; POST KVM_EXIT_DEBUG exc 1, pc X, dr6 0xffff2ff0, again on every KVM_RUN.
    const debug = { reason: 'DEBUG' as const, exception: 1, pc: '0x1005' as const, dr6: '0xffff2ff0' as const }
    const post = trace({ exits: [debug, debug, debug], outcome: 'limit' })
    expect(divergenceSignature(trace({}), post)?.key).toBe('exits: HLT → DEBUG(dr6=0xffff2ff0)')
  })

  it('shows only the differing window of a list', () => {
    const db = (dr6: `0x${string}`) => ({ vector: 1, rip: '0x1000' as const, dr6, error_code: '0x0' as const })
    const a = trace({ guest_exceptions: [db('0xffff4ff0'), db('0xffff0ff1'), db('0xffff4ff0')] })
    const b = trace({ guest_exceptions: [db('0xffff4ff0'), db('0xffff4ff0')] })
    expect(divergenceSignature(a, b)?.key).toBe('guest_exceptions: #DB(dr6=0xffff0ff1) → none')
  })

  it('names final state and outcome only when the lists agree', () => {
    const a = trace({ final: { ...trace({}).final, dr6: '0xffff2ff0' } })
    expect(divergenceSignature(a, trace({ outcome: 'limit' }))?.key).toBe(
      'final: dr6=0xffff2ff0 → dr6=0xffff0ff0; outcome: halted → limit',
    )
    const withExit = trace({ exits: [], outcome: 'limit' })
    expect(divergenceSignature(a, withExit)?.key).toBe('exits: HLT → none')
  })

  it('names S12 (VM-entry failure vs a delivered #DB)', () => {
    const pre = trace({ exits: [{ reason: 'FAIL_ENTRY', hardware_entry_failure_reason: '0x80000021' }], outcome: 'fail-entry' })
    const post = trace({ guest_exceptions: [{ vector: 1, rip: '0x1006', dr6: '0xffff4ff0', error_code: '0x0' }] })
    expect(divergenceSignature(pre, post)?.key).toBe(
      'guest_exceptions: none → #DB(dr6=0xffff4ff0); exits: FAIL_ENTRY(reason=0x80000021) → HLT',
    )
  })

  it('reports address-only differences by field name', () => {
    const a = trace({ exits: [{ reason: 'DEBUG', exception: 1, pc: '0x1005', dr6: '0xffff4ff0' }] })
    const b = trace({ exits: [{ reason: 'DEBUG', exception: 1, pc: '0x1006', dr6: '0xffff4ff0' }] })
    const signature = divergenceSignature(a, b)
    expect(signature?.key).toBe('exits: pc differ')
    expect(signature?.parts).toEqual([{ observable: 'exits', kind: 'fields', a: '', b: '', fields: ['pc'] }])
  })

  it('leaves guest addresses out of vmm results and keeps only the fields that differ', () => {
    const a = trace({ vmm: [{ action: 'get_debugregs', result: { dr0: '0x1000', dr6: '0xffff0ff0', dr7: '0x2400' } }] })
    const b = trace({ vmm: [{ action: 'get_debugregs', result: { dr0: '0x1000', dr6: '0xffff2ff0', dr7: '0x2400' } }] })
    expect(divergenceSignature(a, b)?.key).toBe('vmm: get_debugregs dr6=0xffff0ff0 → get_debugregs dr6=0xffff2ff0')
  })

  it('shows the extra repeat when only the number of repeats differs', () => {
    const debug = { reason: 'DEBUG' as const, exception: 1, dr6: '0xffff4ff0' as const }
    expect(divergenceSignature(trace({ exits: [debug, debug] }), trace({ exits: [debug, debug, debug] }))?.key).toBe('exits: none → DEBUG(dr6=0xffff4ff0)')
  })
})
