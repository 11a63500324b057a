import { exitText, vectorText, vmexitText } from '../compare'
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
    if (i > 0 && sameShape(item, items[i - 1])) texts.push(texts[i - 1])
    else if (i < otherItems.length && sameShape(item, otherItems[i])) texts.push(otherTexts[i])
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
      const fields = fieldsText(r.result)
      return fields ? `${r.action} ${fields}` : r.action
    }
    case 'final':
      return fieldsText(item as FinalState)
    case 'outcome':
      return item as Outcome
  }
}

/** `k=v k=v…` of the fields that are not guest addresses. */
function fieldsText(fields: object): string {
  let text = ''
  for (const k in fields) {
    if (ADDRESS_FIELDS.has(k)) continue
    text += `${text ? ' ' : ''}${k}=${String((fields as Record<string, unknown>)[k])}`
  }
  return text
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
  const ia = observableItems(a, observable)
  const ib = observableItems(b, observable)
  if (ia.length !== ib.length) return false
  for (let i = 0; i < ia.length; i++) if (!sameRecord(ia[i], ib[i])) return false
  return true
}

/** Whether two trace records render the same JSON. */
export function sameRecord(a: unknown, b: unknown): boolean {
  return sameShape(a, b) || JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The keys of objects sameShape is comparing: `b`'s keys from `keyTop` up, an enclosing call's below.
 * One array reused for every record instead of two Object.keys arrays per record compared.
 */
const keyStack: string[] = []
let keyTop = 0

/**
 * Same keys in the same order with the same values, all the way down: implies the same JSON text
 * without building it (false only means "compare the JSON"). Trace records are plain data.
 */
function sameShape(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const arrayA = Array.isArray(a)
  if (arrayA !== Array.isArray(b)) return false
  if (arrayA) return sameElements(a as unknown[], b as unknown[])
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const base = keyTop
  for (const k in y) keyStack[keyTop++] = k
  let i = base
  let same = true
  for (const k in x) {
    if (i === keyTop || keyStack[i] !== k || !sameShape(x[k], y[k])) {
      same = false
      break
    }
    i++
  }
  same &&= i === keyTop
  keyTop = base
  return same
}

function sameElements(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!sameShape(a[i], b[i])) return false
  return true
}
