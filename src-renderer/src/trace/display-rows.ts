// The rows the trace list draws: consecutive identical rows (same status, the same events on both sides but
// for their sequence numbers) fold into one row marked × N, which expands on click.
import type { CompareResult, TraceEvent } from '@patchlab/emulator-core/types'

export interface DisplayItem {
  /** Index into CompareResult.rows. */
  row: number
  /** On the first row of a run of identical rows: how many rows the run has, and whether it is unfolded. */
  repeat?: { count: number; expanded: boolean }
  /** A later row of an unfolded run. */
  repeated?: boolean
}

/** `visible`: the filtered rows; `expanded`: first rows of the runs the user unfolded. */
export function displayItems(compare: CompareResult, visible: readonly number[], expanded: ReadonlySet<number>): DisplayItem[] {
  const out: DisplayItem[] = []
  let i = 0
  while (i < visible.length) {
    let end = i + 1
    while (end < visible.length && identicalRows(compare, visible[i], visible[end])) end++
    const count = end - i
    if (count === 1) out.push({ row: visible[i] })
    else if (!expanded.has(visible[i])) out.push({ row: visible[i], repeat: { count, expanded: false } })
    else {
      out.push({ row: visible[i], repeat: { count, expanded: true } })
      for (let j = i + 1; j < end; j++) out.push({ row: visible[j], repeated: true })
    }
    i = end
  }
  return out
}

export function identicalRows(compare: CompareResult, r1: number, r2: number): boolean {
  const x = compare.rows[r1]
  const y = compare.rows[r2]
  if (x.status !== y.status) return false
  const [a, b] = compare.traces
  return sameEvent(at(a.events, x.a), at(a.events, y.a)) && sameEvent(at(b.events, x.b), at(b.events, y.b))
}

function at(events: readonly TraceEvent[], index: number | undefined): TraceEvent | undefined {
  return index === undefined ? undefined : events[index]
}

/** Field by field, ignoring `seq` (one level of nesting: a VMM action's result record). */
export function sameEvent(x: TraceEvent | undefined, y: TraceEvent | undefined): boolean {
  if (!x || !y) return x === y
  const xr = x as unknown as Record<string, unknown>
  const yr = y as unknown as Record<string, unknown>
  const keys = Object.keys(xr)
  if (keys.length !== Object.keys(yr).length) return false
  return keys.every((k) => k === 'seq' || sameValue(xr[k], yr[k]))
}

function sameValue(u: unknown, v: unknown): boolean {
  if (u === v) return true
  if (u === null || v === null || typeof u !== 'object' || typeof v !== 'object') return false
  const ur = u as Record<string, unknown>
  const vr = v as Record<string, unknown>
  const keys = Object.keys(ur)
  return keys.length === Object.keys(vr).length && keys.every((k) => ur[k] === vr[k])
}
