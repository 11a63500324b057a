/**
 * The JSON report: the CompareResult itself (`schema: patchlab.compare/1`), pretty-printed with a
 * stable key order so equal comparisons give byte-identical files: `schema` first, then every
 * object's keys in alphabetical order. Array order is meaningful and kept.
 */
import type { CompareResult } from '../types'

export function renderJson(result: CompareResult): string {
  return `${JSON.stringify(result, (_key, value: unknown) => (isPlainObject(value) ? sortedKeys(value) : value), 2)}\n`
}

function sortedKeys(record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(record).sort((x, y) => (x === 'schema' ? -1 : y === 'schema' ? 1 : x < y ? -1 : x > y ? 1 : 0))
  const out: Record<string, unknown> = {}
  for (const k of keys) out[k] = record[k]
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
