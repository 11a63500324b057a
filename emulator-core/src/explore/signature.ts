import type { Trace } from '../types'
import { OBSERVABLES, layoutFreeEntries, observableItems, sameObservable, sameRecord, type Observable } from './observables'

/**
 * How one observable differs. `values`: the layout-free entries differ; `a`/`b` are each side's
 * first entry after the common prefix (`none` when that side has nothing there). `fields`: the entries
 * agree except for fields the layout-free form leaves out (addresses such as an exit's pc, or an
 * exit's possibly stale dr7); `fields` names them.
 */
export interface SignaturePart {
  observable: Observable
  kind: 'values' | 'fields'
  a: string
  b: string
  fields?: string[]
}

/** What differs between two runs, independent of code layout: the key fuzz clusters are grouped by. */
export interface DivergenceSignature {
  /** Parts rendered one per observable, joined by `; `, e.g. `exits: HLT → DEBUG(dr6=0xffff2ff0)`. */
  key: string
  parts: SignaturePart[]
}

/** Observables that are lists of events in time order; their first difference is the root cause. */
const LISTS = new Set<Observable>(['guest_exceptions', 'exits', 'vmexits', 'vmm'])

/**
 * The divergence signature of two runs of one scenario, or undefined when every observable agrees.
 * It names the first difference of each list observable, since later entries, the final state and
 * the outcome usually follow from it. Only when the lists agree do `final` and `outcome` speak, and
 * only when those agree too do fields outside the layout-free form (addresses, stale dr7).
 */
export function divergenceSignature(a: Trace, b: Trace): DivergenceSignature | undefined {
  const values: SignaturePart[] = []
  const fields: SignaturePart[] = []
  for (const observable of OBSERVABLES) {
    // Most observables agree: compare them as they are before rendering any text.
    if (sameObservable(a, b, observable)) continue
    const [ea, eb] = layoutFreeEntries(a, b, observable)
    if (sameList(ea, eb)) {
      fields.push({ observable, kind: 'fields', a: '', b: '', fields: differingFields(observableItems(a, observable), observableItems(b, observable)) })
      continue
    }
    const [fa, fb] = onlyDifferingFields(...firstDifference(ea, eb))
    values.push({ observable, kind: 'values', a: fa, b: fb })
  }
  const lists = values.filter((p) => LISTS.has(p.observable))
  const parts = lists.length ? lists : values.length ? values : fields
  if (parts.length === 0) return undefined
  return { key: parts.map(renderPart).join('; '), parts }
}

export function renderPart(part: SignaturePart): string {
  return part.kind === 'fields' ? `${part.observable}: ${(part.fields ?? []).join(',')} differ` : `${part.observable}: ${part.a} → ${part.b}`
}

/**
 * Two `name k=v k=v…` entries with the same name (a get_* result) or two `k=v…` entries (the final
 * state) keep only the fields that differ: `get_regs rax=0x1234 → get_regs rax=0x0`.
 */
function onlyDifferingFields(a: string, b: string): [string, string] {
  const ta = a.split(' ')
  const tb = b.split(' ')
  const named = !ta[0].includes('=')
  if (named && ta[0] !== tb[0]) return [a, b]
  const first = named ? 1 : 0
  if (!allFields(ta, first) || !allFields(tb, first)) return [a, b]
  return [keepDiffering(ta, tb, first), keepDiffering(tb, ta, first)]
}

function allFields(tokens: string[], first: number): boolean {
  for (let i = first; i < tokens.length; i++) if (!tokens[i].includes('=')) return false
  return true
}

/** The name (if any), then each distinct field of `mine` that `theirs` does not have, in order. */
function keepDiffering(mine: string[], theirs: string[], first: number): string {
  const kept = mine.slice(0, first)
  for (let i = first; i < mine.length; i++) {
    const t = mine[i]
    if (!theirs.includes(t, first) && mine.indexOf(t, first) === i) kept.push(t)
  }
  return kept.join(' ')
}

/** Names of the fields that differ between records at the same positions. */
function differingFields(a: readonly unknown[], b: readonly unknown[]): string[] {
  const names = new Set<string>()
  for (let i = 0; i < a.length; i++) {
    if (sameRecord(a[i], b[i])) continue
    const x = a[i] as Record<string, unknown>
    const y = b[i] as Record<string, unknown>
    for (const k in x) if (!sameRecord(x[k], y[k])) names.add(k)
    for (const k in y) if (!sameRecord(x[k], y[k])) names.add(k)
  }
  return [...names].sort()
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Each side's first entry once the common prefix and the common suffix are set aside (`none` when
 * nothing of that side is left).
 */
function firstDifference(a: readonly string[], b: readonly string[]): [string, string] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  return [start < endA ? a[start] : 'none', start < endB ? b[start] : 'none']
}
