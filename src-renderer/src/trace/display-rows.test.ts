import { describe, expect, it } from 'vitest'
import type { CompareResult, ExitEvent, TraceEvent } from '@patchlab/emulator-core/types'
import { displayItems, sameEvent } from './display-rows'

const debugExit = (seq: number): ExitEvent => ({ kind: 'exit', seq, reason: 'DEBUG', exception: 1, pc: '0x100005', dr6: '0xffff4ff0', by: 'kvm_vcpu_do_singlestep' })
const vmmRun = (seq: number): TraceEvent => ({ kind: 'vmm', seq, action: 'run' })
const hlt: TraceEvent = { kind: 'exit', seq: 9, reason: 'HLT', by: 'kvm_emulate_halt' }

// Rows 0..3: the same DEBUG exit four times on both sides, then a HLT on A only.
const events = [debugExit(0), debugExit(1), debugExit(2), debugExit(3), hlt]
const compare = {
  traces: [{ events }, { events: events.slice(0, 4) }],
  rows: [0, 1, 2, 3].map((i) => ({ a: i, b: i, status: 'same' })).concat([{ a: 4, status: 'only-a' } as never]),
} as unknown as CompareResult

describe('displayItems', () => {
  it('folds a run of identical rows into one row that counts them', () => {
    expect(displayItems(compare, [0, 1, 2, 3, 4], new Set())).toEqual([{ row: 0, repeat: { count: 4, expanded: false } }, { row: 4 }])
  })
  it('unfolds the runs the user opened', () => {
    expect(displayItems(compare, [0, 1, 2, 3, 4], new Set([0]))).toEqual([
      { row: 0, repeat: { count: 4, expanded: true } },
      { row: 1, repeated: true },
      { row: 2, repeated: true },
      { row: 3, repeated: true },
      { row: 4 },
    ])
  })
  it('folds only consecutive visible rows', () => {
    expect(displayItems(compare, [0, 4], new Set())).toEqual([{ row: 0 }, { row: 4 }])
  })
})

describe('sameEvent', () => {
  it('ignores seq and compares a VMM result field by field', () => {
    expect(sameEvent(debugExit(0), debugExit(7))).toBe(true)
    expect(sameEvent(debugExit(0), { ...debugExit(0), dr6: '0xffff4ff1' })).toBe(false)
    expect(sameEvent({ kind: 'vmm', seq: 0, action: 'get_debugregs', result: { dr6: '0x1' } }, { kind: 'vmm', seq: 1, action: 'get_debugregs', result: { dr6: '0x1' } })).toBe(true)
    expect(sameEvent({ kind: 'vmm', seq: 0, action: 'get_debugregs', result: { dr6: '0x1' } }, { kind: 'vmm', seq: 1, action: 'get_debugregs', result: { dr6: '0x2' } })).toBe(false)
    expect(sameEvent(vmmRun(0), undefined)).toBe(false)
    expect(sameEvent(undefined, undefined)).toBe(true)
  })
})
