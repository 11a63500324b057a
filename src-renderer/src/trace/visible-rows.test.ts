import { describe, expect, it } from 'vitest'
import type { CompareResult, TraceEvent } from '@patchlab/emulator-core/types'
import { CATEGORIES, type EventCategory } from './event-category'
import { visibleRowIndices, type TraceFilters } from './visible-rows'

const insn: TraceEvent = { kind: 'insn', seq: 0, rip: '0x1000', text: 'mov %dr0,%rax', path: 'emulated', level: 'L1' }
const exit: TraceEvent = { kind: 'exit', seq: 1, reason: 'DEBUG', exception: 1, pc: '0x1000', dr6: '0xffff2ff0', by: 'kvm_inject_emulated_db' }
const hlt: TraceEvent = { kind: 'exit', seq: 1, reason: 'HLT', by: 'kvm_emulate_halt' }
const note: TraceEvent = { kind: 'note', seq: 2, text: 'budget reached' }
const vmm: TraceEvent = { kind: 'vmm', seq: 3, action: 'get_debugregs', result: { dr6: '0xffff0ff0' } }

const compare = {
  traces: [{ events: [insn, hlt, note] }, { events: [insn, exit, note, vmm] }],
  rows: [
    { a: 0, b: 0, status: 'same' },
    { a: 1, b: 1, status: 'changed' },
    { a: 2, b: 2, status: 'same' },
    { b: 3, status: 'only-b' },
  ],
} as unknown as CompareResult

const only = (...c: EventCategory[]): TraceFilters => ({ shown: new Set(c), hideRuntime: false, onlyDiffering: false })
const all: TraceFilters = { shown: new Set(CATEGORIES), hideRuntime: false, onlyDiffering: false }

describe('visibleRowIndices', () => {
  it('keeps every row when every category is shown', () => {
    expect(visibleRowIndices(compare, all)).toEqual([0, 1, 2, 3])
  })

  it('keeps a row when either side matches, and always keeps notes', () => {
    expect(visibleRowIndices(compare, only('exits'))).toEqual([1, 2])
    expect(visibleRowIndices(compare, only('vmm'))).toEqual([2, 3])
    expect(visibleRowIndices(compare, only())).toEqual([2])
  })

  it('keeps only the rows whose sides differ', () => {
    expect(visibleRowIndices(compare, { ...all, onlyDiffering: true })).toEqual([1, 3])
  })

  it('hides guest runtime instructions, keeping the row when the other side has a non-runtime event', () => {
    const runtime: TraceEvent = { ...insn, runtime: true }
    const withRuntime = { ...compare, traces: [{ events: [runtime, hlt, note] }, { events: [runtime, exit, note, vmm] }] } as unknown as CompareResult
    expect(visibleRowIndices(withRuntime, { ...all, hideRuntime: true })).toEqual([1, 2, 3])
  })
})
