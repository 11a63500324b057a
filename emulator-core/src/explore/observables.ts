import { exitText, fieldsText, vectorText, vmexitText } from '../compare'
import type { ExitRecord, FinalState, GuestExceptionRecord, Outcome, Trace, VmExitRecord, VmmRecord } from '../types'

/** The six observable results of a run that exploration compares (issue 5 §2). */
export const OBSERVABLES = ['guest_exceptions', 'exits', 'vmexits', 'vmm', 'final', 'outcome'] as const
export type Observable = (typeof OBSERVABLES)[number]

/** Field names whose values are guest addresses; they depend on code layout, not on KVM's behaviour. */
const ADDRESS_FIELDS = new Set(['rip', 'pc', 'dr0', 'dr1', 'dr2', 'dr3', 'db0', 'db1', 'db2', 'db3'])

/**
 * Both traces' entries of one observable, rendered without guest addresses so the same behaviour in
 * two different programs renders the same (the records themselves, `observableItems`, keep every
 * field, so nothing that differs goes unnoticed). Lists repeat records (an exit at every KVM_RUN)
 * and two runs share most of theirs: a record with the same fields as the one before it, or as the
 * first trace's record at its position, takes that entry's text instead of rendering its own.
 */
export function layoutFreeEntries(a: Trace, b: Trace, observable: Observable): [string[], string[]] {
  const itemsA = observableItems(a, observable)
  const itemsB = observableItems(b, observable)
  const textsA = entryTexts(observable, itemsA, [], [])
  return [textsA, entryTexts(observable, itemsB, itemsA, textsA)]
}

function entryTexts(observable: Observable, items: readonly unknown[], otherItems: readonly unknown[], otherTexts: readonly string[]): string[] {
  const texts: string[] = []
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    if (i > 0 && compareShape(item, items[i - 1]) === SAME) texts.push(texts[i - 1])
    else if (i < otherItems.length && compareShape(item, otherItems[i]) === SAME) texts.push(otherTexts[i])
    else texts.push(entryText(observable, item))
  }
  return texts
}

function entryText(observable: Observable, item: unknown): string {
  switch (observable) {
    case 'guest_exceptions': {
      const e = item as GuestExceptionRecord
      const detail = e.vector === 1 ? `(dr6=${e.dr6})` : e.error_code !== '0x0' ? `(err=${e.error_code})` : ''
      return `${vectorText(e.vector)}${detail}`
    }
    case 'exits':
      return exitText({ ...(item as ExitRecord), pc: undefined })
    case 'vmexits':
      return `VMEXIT(${vmexitText(item as VmExitRecord)})`
    case 'vmm': {
      // vmmText's `action k=v …`, without the address fields.
      const r = item as VmmRecord
      const fields = fieldsText(r.result, ADDRESS_FIELDS)
      return fields ? `${r.action} ${fields}` : r.action
    }
    case 'final':
      return fieldsText(item as FinalState, ADDRESS_FIELDS)
    case 'outcome':
      return item as Outcome
  }
}

/** An observable's records as the trace holds them, every field included. */
export function observableItems(trace: Trace, observable: Observable): readonly unknown[] {
  switch (observable) {
    case 'guest_exceptions': return trace.guest_exceptions
    case 'exits': return trace.exits
    case 'vmexits': return trace.vmexits
    case 'vmm': return trace.vmm
    case 'final': return [trace.final]
    case 'outcome': return [trace.outcome]
  }
}

/** Whether two traces agree on every field of an observable (the same JSON, record by record). */
export function sameObservable(a: Trace, b: Trace, observable: Observable): boolean {
  // Every pair compares these two: no one-record lists for them.
  if (observable === 'final') return sameRecord(a.final, b.final)
  if (observable === 'outcome') return a.outcome === b.outcome
  const ia = observableItems(a, observable)
  const ib = observableItems(b, observable)
  if (ia.length !== ib.length) return false
  for (let i = 0; i < ia.length; i++) if (!sameRecord(ia[i], ib[i])) return false
  return true
}

/** Whether two trace records render the same JSON. */
export function sameRecord(a: unknown, b: unknown): boolean {
  const shape = compareShape(a, b)
  return shape === SAME || (shape === UNKNOWN && JSON.stringify(a) === JSON.stringify(b))
}

/** What compareShape can tell without building JSON text. */
const SAME = 0
const DIFFERENT = 1
const UNKNOWN = 2
type ShapeComparison = typeof SAME | typeof DIFFERENT | typeof UNKNOWN

/**
 * The keys of objects compareShape is comparing: `b`'s keys from `keyTop` up, an enclosing call's below.
 * One array reused for every record instead of two Object.keys arrays per record compared.
 */
const keyStack: string[] = []
let keyTop = 0

/**
 * SAME: same keys in the same order with the same values, all the way down, so the same JSON text.
 * DIFFERENT: a string, boolean or finite number differs at the same place, which JSON text cannot
 * hide. UNKNOWN: anything else (keys that differ, which JSON may drop when undefined; NaN against
 * null), for the JSON text to decide. Trace records are plain data.
 */
function compareShape(a: unknown, b: unknown): ShapeComparison {
  if (a === b) return SAME
  if (typeof a !== typeof b) return UNKNOWN
  if (typeof a === 'string' || typeof a === 'boolean') return DIFFERENT
  if (typeof a === 'number') return Number.isFinite(a) && Number.isFinite(b) ? DIFFERENT : UNKNOWN
  if (typeof a !== 'object' || a === null || b === null) return UNKNOWN
  const arrayA = Array.isArray(a)
  if (arrayA !== Array.isArray(b)) return UNKNOWN
  if (arrayA) return compareElements(a as unknown[], b as unknown[])
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const base = keyTop
  for (const k in y) keyStack[keyTop++] = k
  let i = base
  let result: ShapeComparison = SAME
  for (const k in x) {
    if (i === keyTop || keyStack[i] !== k) {
      result = UNKNOWN
      break
    }
    i++
    const field = compareShape(x[k], y[k])
    // Both sides render this field, so different values here mean different text whatever the other keys.
    if (field === DIFFERENT) {
      result = DIFFERENT
      break
    }
    if (field === UNKNOWN) result = UNKNOWN
  }
  if (result === SAME && i !== keyTop) result = UNKNOWN
  keyTop = base
  return result
}

function compareElements(a: unknown[], b: unknown[]): ShapeComparison {
  if (a.length !== b.length) return UNKNOWN
  let result: ShapeComparison = SAME
  for (let i = 0; i < a.length; i++) {
    const element = compareShape(a[i], b[i])
    if (element === DIFFERENT) return DIFFERENT
    if (element === UNKNOWN) result = UNKNOWN
  }
  return result
}
