import type { Trace } from '../types'
import { OBSERVABLES, observableEntries, sameObservable, type Observable } from './observables'

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
    const ea = observableEntries(a, observable)
    const eb = observableEntries(b, observable)
    if (sameList(ea.layoutFree, eb.layoutFree)) {
      fields.push({ observable, kind: 'fields', a: '', b: '', fields: differingFields(ea.exact, eb.exact) })
      continue
    }
    const [wa, wb] = differingWindow(ea.layoutFree, eb.layoutFree)
    const [fa, fb] = onlyDifferingFields(wa[0] ?? 'none', wb[0] ?? 'none')
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
  const fieldsA = new Set(ta.slice(named ? 1 : 0))
  const fieldsB = new Set(tb.slice(named ? 1 : 0))
  if (![...fieldsA, ...fieldsB].every((t) => t.includes('='))) return [a, b]
  const keep = (mine: Set<string>, theirs: Set<string>) => [...(named ? [ta[0]] : []), ...[...mine].filter((t) => !theirs.has(t))].join(' ')
  return [keep(fieldsA, fieldsB), keep(fieldsB, fieldsA)]
}

/** Names of the fields that differ between entries at the same positions (entries are JSON objects). */
function differingFields(a: readonly string[], b: readonly string[]): string[] {
  const names = new Set<string>()
  a.forEach((entry, i) => {
    if (entry === b[i]) return
    const x = JSON.parse(entry) as Record<string, unknown>
    const y = JSON.parse(b[i]) as Record<string, unknown>
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) names.add(k)
  })
  return [...names].sort()
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

function differingWindow(a: string[], b: string[]): [string[], string[]] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  return [a.slice(start, endA), b.slice(start, endB)]
}
