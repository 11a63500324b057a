import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../types'
import { alignEvents } from './align'
import { sameEventIdentity } from './signature'

/** Small random events drawn so identities and values collide often. */
const event = fc.oneof(
  fc.record({ kind: fc.constant('insn' as const), seq: fc.constant(0), rip: fc.constantFrom('0x1005', '0x1008' as const), text: fc.constantFrom('nop', 'hlt'), path: fc.constantFrom('native' as const, 'emulated' as const), level: fc.constant('L1' as const) }),
  fc.record({ kind: fc.constant('exit' as const), seq: fc.constant(0), reason: fc.constantFrom('DEBUG' as const, 'HLT' as const), dr6: fc.constantFrom('0xffff0ff0' as const, '0xffff2ff0' as const), by: fc.constantFrom('handle_dr', 'kvm_inject_emulated_db') }),
  fc.record({ kind: fc.constant('note' as const), seq: fc.constant(0), text: fc.constant('n') }),
)
const trace = fc.array(event, { maxLength: 25 }).map((events) => events.map((e, seq): TraceEvent => ({ ...e, seq })))

describe('alignEvents', () => {
  it('covers every non-note event once, in order; pairs share identity; only value differences make a row changed', () => {
    fc.assert(
      fc.property(trace, trace, (a, b) => {
        const rows = alignEvents(a, b)
        const nonNote = (events: TraceEvent[]) => events.flatMap((e, i) => (e.kind === 'note' ? [] : [i]))
        expect(rows.flatMap((r) => (r.a === undefined ? [] : [r.a]))).toEqual(nonNote(a))
        expect(rows.flatMap((r) => (r.b === undefined ? [] : [r.b]))).toEqual(nonNote(b))
        for (const r of rows) {
          if (r.a === undefined || r.b === undefined) {
            expect(r.status).toBe(r.a === undefined ? 'only-b' : 'only-a')
            continue
          }
          expect(sameEventIdentity(a[r.a], b[r.b])).toBe(true)
          const { seq: _sa, by: _ba, ...va } = a[r.a] as TraceEvent & { by?: string }
          const { seq: _sb, by: _bb, ...vb } = b[r.b] as TraceEvent & { by?: string }
          expect(r.status).toBe(JSON.stringify(va) === JSON.stringify(vb) ? 'same' : 'changed')
          if (r.status === 'changed') expect(r.diffs!.length).toBeGreaterThan(0)
          else expect(r.diffs).toBeUndefined()
        }
      }),
      { numRuns: 300 },
    )
  })

  it('reports the path of an instruction that changed from native to emulated', () => {
    const a: TraceEvent[] = [{ kind: 'insn', seq: 0, rip: '0x1005', text: 'nop', path: 'native', level: 'L1' }]
    const b: TraceEvent[] = [{ kind: 'insn', seq: 0, rip: '0x1005', text: 'nop', path: 'emulated', level: 'L1' }]
    expect(alignEvents(a, b)).toEqual([{ a: 0, b: 0, status: 'changed', diffs: [{ path: 'path', a: 'native', b: 'emulated' }] }])
  })
})
