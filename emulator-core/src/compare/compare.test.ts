import { describe, expect, it } from 'vitest'
import { compareTraces } from './compare'
import { S3_SOURCE, s12Post, s12Pre, s1Post, s1Pre, s3Post, s3Pre, s3nPost, s3nPre } from './__fixtures__/traces'

describe('compareTraces on docs/reference/kvm-db-semantics.md §4 rows', () => {
  it('S3: POST exits to userspace where PRE runs on; the first divergence is that exit', () => {
    const r = compareTraces({ name: 'S3', file: 'examples/s03.yaml', source: S3_SOURCE }, s3Pre, s3Post)
    expect(r.schema).toBe('patchlab.compare/1')
    expect(r.equal).toBe(false)
    expect(r.events_equal).toBe(false)
    expect(r.rows).toEqual([
      { a: 0, b: 0, status: 'same' },
      { b: 1, status: 'only-b' },
      { b: 2, status: 'only-b' },
      { b: 3, status: 'only-b' },
      { a: 1, b: 4, status: 'same' },
      { a: 2, b: 5, status: 'same' },
      { a: 3, b: 6, status: 'same' },
    ])
    expect(r.first_divergence).toBe(1)
    expect(r.verdict).toEqual({ kind: 'diverges', text: 'diverges' })
    expect(r.result_diffs).toEqual([
      { path: 'exits[0]', b: 'DEBUG(pc=0x1005,dr6=0xffff2ff0)' },
      { path: 'vmm[0]', b: 'get_debugregs dr6=0xffff0ff0 dr7=0x400' },
    ])
    expect(r.summary).toEqual([
      { guest_dr6: [], vmm_dr6: [], exits: ['HLT'], outcome: 'halted' },
      { guest_dr6: [], vmm_dr6: ['0xffff0ff0'], exits: ['DEBUG(pc=0x1005,dr6=0xffff2ff0)', 'HLT'], outcome: 'halted' },
    ])
    expect(r.sides).toEqual([
      { build: 'pre', stack: [], mode: 'fep', vendor: 'intel' },
      { build: 'post', stack: ['v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05', 'v3-06', 'v3-07'], mode: 'fep', vendor: 'intel' },
    ])
    expect(r.scenario).toEqual({ name: 'S3', file: 'examples/s03.yaml', source: S3_SOURCE })
    expect(r.traces).toEqual([s3Pre, s3Post])
  })

  it('S1: equal (reference Δ "="), though the queued #DB changed (payload, DR6 written at injection)', () => {
    const r = compareTraces({ name: 'S1' }, s1Pre, s1Post)
    expect(r.equal).toBe(true)
    expect(r.events_equal).toBe(false)
    expect(r.scenario).toEqual({ name: 'S1' })
    expect(r.first_divergence).toBe(0)
    expect(r.rows).toEqual([
      {
        a: 0, b: 0, status: 'changed',
        diffs: [
          { path: 'has_payload', a: 'false', b: 'true' },
          { path: 'dr6_after', a: '0xffff2ff0', b: '0xffff0ff0' },
          { path: 'payload', b: '0x2000' },
        ],
      },
      {
        a: 1, b: 1, status: 'changed',
        diffs: [
          { path: 'has_payload', a: 'false', b: 'true' },
          { path: 'dr6_before', a: '0xffff2ff0', b: '0xffff0ff0' },
          { path: 'payload', b: '0x2000' },
        ],
      },
      { a: 2, b: 2, status: 'same' },
      { a: 3, b: 3, status: 'same' },
      { a: 4, b: 4, status: 'same' },
    ])
    expect(r.result_diffs).toEqual([])
    expect(r.summary[0]).toEqual({ guest_dr6: ['0xffff2ff0'], vmm_dr6: [], exits: ['HLT'], outcome: 'halted' })
    expect(r.summary[1]).toEqual(r.summary[0])
  })

  it('S3n: identical on both builds; notes are not compared and get no row', () => {
    const r = compareTraces({ name: 'S3n' }, s3nPre, s3nPost)
    expect(r.equal).toBe(true)
    expect(r.events_equal).toBe(true)
    expect(r.first_divergence).toBeUndefined()
    expect('first_divergence' in r).toBe(false)
    expect(r.verdict).toEqual({ kind: 'same', text: 'same' })
    expect(r.rows).toEqual([
      { a: 0, b: 0, status: 'same' },
      { a: 1, b: 1, status: 'same' },
    ])
    expect(r.result_diffs).toEqual([])
  })

  it('S12: VM-entry failure on PRE vs a delivered single-step #DB on POST', () => {
    const r = compareTraces({ name: 'S12' }, s12Pre, s12Post)
    expect(r.equal).toBe(false)
    expect(r.events_equal).toBe(false)
    expect(r.rows).toEqual([
      { a: 0, b: 0, status: 'same' },
      { a: 1, b: 1, status: 'same' },
      { a: 2, status: 'only-a' },
      { b: 2, status: 'only-b' },
      { b: 3, status: 'only-b' },
      { b: 4, status: 'only-b' },
    ])
    expect(r.first_divergence).toBe(2)
    expect(r.result_diffs).toEqual([
      { path: 'guest_exceptions[0]', b: '#DB rip=0x1006 dr6=0xffff4ff0' },
      { path: 'exits[0]', a: 'FAIL_ENTRY(reason=0x80000021)' },
      { path: 'exits[0]', b: 'HLT' },
      { path: 'final.rip', a: '0x1006', b: '0x1007' },
      { path: 'final.rflags', a: '0x302', b: '0x202' },
      { path: 'final.dr6', a: '0xffff0ff0', b: '0xffff4ff0' },
      { path: 'outcome', a: 'fail-entry', b: 'halted' },
    ])
    expect(r.summary.map((s) => s.exits)).toEqual([['FAIL_ENTRY(reason=0x80000021)'], ['HLT']])
  })

  it('pairs result-list entries at different positions with both indices', () => {
    const b = { ...s3Post, exits: [{ reason: 'HLT' as const }, { reason: 'DEBUG' as const, exception: 1, pc: '0x1008' as const, dr6: '0xffff2ff0' as const }] }
    const a = { ...s3Post, exits: [{ reason: 'DEBUG' as const, exception: 1, pc: '0x1005' as const, dr6: '0xffff2ff0' as const }] }
    expect(compareTraces({ name: 'x' }, a, b).result_diffs).toEqual([
      { path: 'exits[0]', b: 'HLT' },
      { path: 'exits[a:0,b:1].pc', a: '0x1005', b: '0x1008' },
    ])
  })
})
