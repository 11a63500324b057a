import type { AlignedRow, TraceEvent } from '../types'
import { diffFields } from './field-diff'
import { alignBy } from './myers'
import { sameEventIdentity } from './signature'

/**
 * Fields that are bookkeeping, not behaviour: `seq` shifts whenever one side has an extra event, and
 * `by` names the kernel function that produced a step, which a refactoring patch may rename while the
 * guest sees the same thing (the trace still carries it for the side-by-side view).
 */
const BOOKKEEPING = new Set(['seq', 'by'])

/**
 * Aligns two event streams by sequence alignment on event identity (not by index), then marks each
 * aligned pair `same` or `changed` with every differing field. `note` events are never compared and
 * get no row; rows index into the full `events` arrays.
 */
export function alignEvents(a: readonly TraceEvent[], b: readonly TraceEvent[]): AlignedRow[] {
  const aIndex = comparableIndices(a)
  const bIndex = comparableIndices(b)
  const same = (x: number, y: number) => sameEventIdentity(a[aIndex[x]], b[bIndex[y]])
  return alignBy(aIndex.length, bIndex.length, same).map((step): AlignedRow => {
    if (step.b === undefined) return { a: aIndex[step.a], status: 'only-a' }
    if (step.a === undefined) return { b: bIndex[step.b], status: 'only-b' }
    const ai = aIndex[step.a], bi = bIndex[step.b]
    const diffs = diffFields(a[ai], b[bi], '', BOOKKEEPING)
    return diffs.length === 0 ? { a: ai, b: bi, status: 'same' } : { a: ai, b: bi, status: 'changed', diffs }
  })
}

function comparableIndices(events: readonly TraceEvent[]): number[] {
  const indices: number[] = []
  for (let i = 0; i < events.length; i++) if (events[i].kind !== 'note') indices.push(i)
  return indices
}
