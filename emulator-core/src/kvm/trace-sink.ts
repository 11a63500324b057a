import type { TraceEvent } from '../types/trace'

/** Distributes the Omit over the TraceEvent union so each event kind keeps its own fields. */
export type UnsequencedEvent = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq'> : never) : never

/** Where the KVM model records what happens, in order. `seq` is assigned on emit. */
export interface TraceSink {
  /** False when events are discarded: emitters skip building them (formatting hex, decoding). */
  readonly recording: boolean
  emit(event: UnsequencedEvent): void
}

/**
 * Collects events into an array, numbering each in place rather than copying it (a copy of every
 * event was the largest single cost of a small run). Sound because every emitter passes a fresh
 * object literal it does not keep; `seq` comes last in each event.
 */
export class EventLog implements TraceSink {
  readonly recording = true
  readonly events: TraceEvent[] = []
  emit(event: UnsequencedEvent): void {
    const sequenced = event as TraceEvent
    sequenced.seq = this.events.length
    this.events.push(sequenced)
  }
}

/** Keeps no events (a run asked for observables only); `events` stays empty. */
export class DiscardedEvents implements TraceSink {
  readonly recording = false
  readonly events: TraceEvent[] = []
  emit(_event: UnsequencedEvent): void {}
}
