import { describe, expect, it } from 'vitest'
import { DiscardedEvents, EventLog } from './trace-sink'

describe('EventLog', () => {
  it('numbers events in emit order, in place, seq as the last key', () => {
    const log = new EventLog()
    const note = { kind: 'note' as const, text: 'a' }
    log.emit(note)
    log.emit({ kind: 'vmm', action: 'resume' })
    expect(log.events).toEqual([{ kind: 'note', text: 'a', seq: 0 }, { kind: 'vmm', action: 'resume', seq: 1 }])
    expect(log.events[0]).toBe(note)
    expect(Object.keys(log.events[1])).toEqual(['kind', 'action', 'seq'])
  })
})

describe('DiscardedEvents', () => {
  it('keeps no event', () => {
    const sink = new DiscardedEvents()
    sink.emit({ kind: 'note', text: 'a' })
    sink.emit({ kind: 'vmm', action: 'resume' })
    expect(sink.events).toEqual([])
  })
})
