import { describe, expect, it } from 'vitest'
import { TraceLog } from './trace-log'

describe('TraceLog', () => {
  it('numbers events in emit order, seq as the last key (as EventLog copies do)', () => {
    const log = new TraceLog()
    log.emit({ kind: 'note', text: 'a' })
    log.emit({ kind: 'vmm', action: 'resume' })
    expect(log.events).toEqual([{ kind: 'note', text: 'a', seq: 0 }, { kind: 'vmm', action: 'resume', seq: 1 }])
    expect(Object.keys(log.events[1])).toEqual(['kind', 'action', 'seq'])
  })
})
