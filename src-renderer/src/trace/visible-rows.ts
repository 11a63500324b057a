// The aligned rows that survive the category filters, as indices into CompareResult.rows.
import type { CompareResult } from '@patchlab/emulator-core/types'
import { CATEGORIES, eventCategory, type EventCategory } from './event-category'

export function visibleRowIndices(compare: CompareResult, shown: ReadonlySet<EventCategory>): number[] {
  const [a, b] = compare.traces
  if (CATEGORIES.every((c) => shown.has(c))) return compare.rows.map((_, i) => i)
  const keep = (index: number | undefined, events: typeof a.events) => {
    if (index === undefined) return false
    const category = eventCategory(events[index])
    return category === undefined || shown.has(category)
  }
  const out: number[] = []
  compare.rows.forEach((row, i) => {
    if (keep(row.a, a.events) || keep(row.b, b.events)) out.push(i)
  })
  return out
}
