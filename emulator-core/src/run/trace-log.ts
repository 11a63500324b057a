import type { TraceSink, UnsequencedEvent } from '../kvm/trace-sink'
import type { TraceEvent } from '../types/trace'

/**
 * The run's event list: like kvm/trace-sink's EventLog, but it numbers each event in place instead
 * of copying it (the copy of every event, in a dozen shapes, was the largest single cost of a small
 * run). Sound because every emitter passes a fresh object literal it does not keep; `seq` still
 * comes last in each event, as with the copy.
 */
export class TraceLog implements TraceSink {
  readonly events: TraceEvent[] = []

  emit(event: UnsequencedEvent): void {
    const sequenced = event as TraceEvent
    sequenced.seq = this.events.length
    this.events.push(sequenced)
  }
}
