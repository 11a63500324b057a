import type { FieldDiff } from '../types'

/** A value as it appears in a FieldDiff: hex strings stay as they are, numbers in decimal. */
export function fieldText(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value)
}

const NOTHING: ReadonlySet<string> = new Set()

/**
 * Every field that differs between two plain JSON records, nested records flattened to dotted paths
 * (`result.dr6`). `ignore` names top-level fields that are bookkeeping, not behaviour.
 */
export function diffFields(
  a: object,
  b: object,
  prefix = '',
  ignore: ReadonlySet<string> = NOTHING,
): FieldDiff[] {
  const diffs: FieldDiff[] = []
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  // a's keys, then b's extra keys, so diffs read in the schema's field order. Runs once per aligned
  // pair, so it allocates only when something differs.
  for (const key in ra) if (!ignore.has(key)) diffValue(diffs, prefix, key, ra[key], rb[key])
  for (const key in rb) if (!(key in ra) && !ignore.has(key)) diffValue(diffs, prefix, key, undefined, rb[key])
  return diffs
}

function diffValue(diffs: FieldDiff[], prefix: string, key: string, va: unknown, vb: unknown): void {
  if (va === vb) return
  const path = prefix ? `${prefix}.${key}` : key
  if (isRecord(va) && isRecord(vb)) diffs.push(...diffFields(va, vb, path))
  else if (fieldText(va) !== fieldText(vb)) diffs.push(withSides(path, fieldText(va), fieldText(vb)))
}

/** A FieldDiff without `a`/`b` keys for absent values (so JSON output has no explicit nulls). */
export function withSides(path: string, a: string | undefined, b: string | undefined): FieldDiff {
  const diff: FieldDiff = { path }
  if (a !== undefined) diff.a = a
  if (b !== undefined) diff.b = b
  return diff
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
