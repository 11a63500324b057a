import type { Trace } from '../types'
import { OBSERVABLES, observableEntries, type Observable } from './observables'

/**
 * How one observable differs. `values`: the layout-free entries differ; `a`/`b` hold only the
 * differing window (common prefix and suffix dropped, then repeats collapsed). `fields`: the entries
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
  /** Parts rendered one per observable, joined by `; `, e.g. `exits: none → DEBUG(dr6=0xffff2ff0)+`. */
  key: string
  parts: SignaturePart[]
}

/** The divergence signature of two runs of one scenario, or undefined when every observable agrees. */
export function divergenceSignature(a: Trace, b: Trace): DivergenceSignature | undefined {
  const parts: SignaturePart[] = []
  for (const observable of OBSERVABLES) {
    const ea = observableEntries(a, observable)
    const eb = observableEntries(b, observable)
    if (sameList(ea.exact, eb.exact)) continue
    if (sameList(ea.layoutFree, eb.layoutFree)) {
      parts.push({ observable, kind: 'fields', a: '', b: '', fields: differingFields(ea.exact, eb.exact) })
      continue
    }
    const [wa, wb] = differingWindow(ea.layoutFree, eb.layoutFree).map(collapseRepeats)
    parts.push({ observable, kind: 'values', a: renderList(wa), b: renderList(wb) })
  }
  if (parts.length === 0) return undefined
  return { key: parts.map(renderPart).join('; '), parts }
}

export function renderPart(part: SignaturePart): string {
  return part.kind === 'fields' ? `${part.observable}: ${(part.fields ?? []).join(',')} differ` : `${part.observable}: ${part.a} → ${part.b}`
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

/**
 * A run of equal entries becomes one entry marked `+`: how often a loop repeats is budget, not
 * behaviour. Applied to the differing window only, so the window is exact.
 */
function collapseRepeats(entries: readonly string[]): string[] {
  const out: string[] = []
  for (const entry of entries) {
    const last = out[out.length - 1]
    if (last === entry || last === `${entry}+`) out[out.length - 1] = `${entry}+`
    else out.push(entry)
  }
  return out
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

function renderList(entries: string[]): string {
  return entries.length ? entries.join(', ') : 'none'
}
