// The aligned rows that survive the filters, as indices into CompareResult.rows.
import type { CompareResult, TraceEvent } from '@patchlab/emulator-core/types'
import { CATEGORIES, eventCategory, type EventCategory } from './event-category'

export interface TraceFilters {
  shown: ReadonlySet<EventCategory>
  /** Hide instructions of PatchLab's built-in guest runtime (exception handlers, setup). */
  hideRuntime: boolean
  /** Keep only rows whose two sides differ (changed, or an event on one side only). */
  onlyDiffering: boolean
}

export function visibleRowIndices(compare: CompareResult, filters: TraceFilters): number[] {
  const [a, b] = compare.traces
  const allCategories = CATEGORIES.every((c) => filters.shown.has(c))
  if (allCategories && !filters.hideRuntime && !filters.onlyDiffering) return compare.rows.map((_, i) => i)
  const keep = (index: number | undefined, events: readonly TraceEvent[]) => {
    if (index === undefined) return false
    const event = events[index]
    if (filters.hideRuntime && event.kind === 'insn' && event.runtime) return false
    const category = eventCategory(event)
    return category === undefined || filters.shown.has(category)
  }
  const out: number[] = []
  compare.rows.forEach((row, i) => {
    if (filters.onlyDiffering && row.status === 'same') return
    if (keep(row.a, a.events) || keep(row.b, b.events)) out.push(i)
  })
  return out
}
