// Flattens two events into a field table for the detail pane, marking the fields that differ.
import type { TraceEvent } from '@patchlab/emulator-core/types'

export interface FieldRow {
  name: string
  a?: string
  b?: string
  changed: boolean
}

export function eventFieldRows(a: TraceEvent | undefined, b: TraceEvent | undefined): FieldRow[] {
  const flatA = flatten(a)
  const flatB = flatten(b)
  const names = [...new Set([...Object.keys(flatA), ...Object.keys(flatB)])].filter((n) => n !== 'seq')
  return names.map((name) => ({ name, a: flatA[name], b: flatB[name], changed: a !== undefined && b !== undefined && flatA[name] !== flatB[name] }))
}

/** Side-by-side rows for two flat records (final register state), same marking rule. */
export function recordFieldRows(a: Record<string, string>, b: Record<string, string>): FieldRow[] {
  return Object.keys(a).map((name) => ({ name, a: a[name], b: b[name], changed: a[name] !== b[name] }))
}

function flatten(event: TraceEvent | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!event) return out
  for (const [key, value] of Object.entries(event)) {
    if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value as object)) out[`${key}.${k}`] = String(v)
    else if (value !== undefined) out[key] = String(value)
  }
  return out
}
