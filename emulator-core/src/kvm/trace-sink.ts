import type { TraceEvent } from '../types/trace'

/** Distributes the Omit over the TraceEvent union so each event kind keeps its own fields. */
export type UnsequencedEvent = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq'> : never) : never

/** Where the KVM model records what happens, in order. `seq` is assigned on emit. */
export interface TraceSink {
  emit(event: UnsequencedEvent): void
}

/** Collects events into an array, numbering them. */
export class EventLog implements TraceSink {
  readonly events: TraceEvent[] = []
  emit(event: UnsequencedEvent): void {
    this.events.push({ ...event, seq: this.events.length } as TraceEvent)
  }
}
