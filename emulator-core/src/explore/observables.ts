import { exitText, vectorText, vmexitText, vmmText } from '../compare'
import type { Trace } from '../types'

/** The six observable results of a run that exploration compares (issue 5 §2). */
export const OBSERVABLES = ['guest_exceptions', 'exits', 'vmexits', 'vmm', 'final', 'outcome'] as const
export type Observable = (typeof OBSERVABLES)[number]

/** Field names whose values are guest addresses; they depend on code layout, not on KVM's behaviour. */
const ADDRESS_FIELDS = new Set(['rip', 'pc', 'dr0', 'dr1', 'dr2', 'dr3', 'db0', 'db1', 'db2', 'db3'])

/**
 * One observable of a trace as a list of entries, in two renderings:
 * `layoutFree` drops guest addresses (so the same behaviour in two different programs renders the
 * same), `exact` keeps every field (so nothing that differs goes unnoticed).
 */
export interface ObservableEntries {
  layoutFree: string[]
  exact: string[]
}

export function observableEntries(trace: Trace, observable: Observable): ObservableEntries {
  switch (observable) {
    case 'guest_exceptions':
      return entries(trace.guest_exceptions, (e) => {
        const detail = e.vector === 1 ? `(dr6=${e.dr6})` : e.error_code !== '0x0' ? `(err=${e.error_code})` : ''
        return `${vectorText(e.vector)}${detail}`
      })
    case 'exits':
      return entries(trace.exits, (e) => exitText({ ...e, pc: undefined }))
    case 'vmexits':
      return entries(trace.vmexits, (v) => `VMEXIT(${vmexitText(v)})`)
    case 'vmm':
      return entries(trace.vmm, (r) => vmmText({ action: r.action, result: withoutAddresses(r.result) }))
    case 'final':
      return entries([trace.final], (f) => vmmText({ action: 'final', result: withoutAddresses(f) }).slice('final '.length))
    case 'outcome':
      return entries([trace.outcome], (o) => o)
  }
}

/** Whether two traces agree on every field of an observable (what the `exact` rendering compares). */
export function sameObservable(a: Trace, b: Trace, observable: Observable): boolean {
  const ia = observableItems(a, observable)
  const ib = observableItems(b, observable)
  return ia.length === ib.length && ia.every((item, i) => sameShape(item, ib[i]) || JSON.stringify(item) === JSON.stringify(ib[i]))
}

/**
 * Same keys in the same order with the same values, all the way down: implies the same JSON text
 * without building it (false only means "compare the JSON"). Trace records are plain data.
 */
function sameShape(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameShape((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])) return false
  }
  return true
}

function observableItems(trace: Trace, observable: Observable): readonly unknown[] {
  switch (observable) {
    case 'guest_exceptions': return trace.guest_exceptions
    case 'exits': return trace.exits
    case 'vmexits': return trace.vmexits
    case 'vmm': return trace.vmm
    case 'final': return [trace.final]
    case 'outcome': return [trace.outcome]
  }
}

function entries<T>(items: readonly T[], layoutFree: (item: T) => string): ObservableEntries {
  return { layoutFree: items.map(layoutFree), exact: items.map((i) => JSON.stringify(i)) }
}

function withoutAddresses<V>(fields: object): Record<string, V> {
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !ADDRESS_FIELDS.has(k)))
}
