import type { FieldDiff, Trace } from '../types'
import { diffFields } from './field-diff'
import { alignBy } from './myers'
import { exitText, guestExceptionText, vmexitText, vmmText } from './record-text'

/** The result lists of a trace that a comparison lines up entry by entry. */
export type ResultListName = 'guest_exceptions' | 'exits' | 'vmexits' | 'vmm'

/** One entry of a result list after alignment: present on one or both sides, with its field diffs. */
export interface AlignedRecord {
  a?: number
  b?: number
  aText?: string
  bText?: string
  /** Differing fields of a matched pair, paths relative to the record (`dr6`, `result.dr6`). */
  diffs: FieldDiff[]
}

interface ResultList<T extends object> {
  name: ResultListName
  records(trace: Trace): readonly T[]
  /** Identity for alignment, like an event's: the same entry even when its values differ. */
  same(a: T, b: T): boolean
  text(record: T): string
}

function resultList<T extends object>(list: ResultList<T>): ResultList<object> {
  return list as unknown as ResultList<object>
}

/** In report order. */
export const RESULT_LISTS: readonly ResultList<object>[] = [
  resultList({ name: 'guest_exceptions', records: (t) => t.guest_exceptions, same: (a, b) => a.vector === b.vector, text: guestExceptionText }),
  resultList({ name: 'exits', records: (t) => t.exits, same: (a, b) => a.reason === b.reason, text: exitText }),
  resultList({ name: 'vmexits', records: (t) => t.vmexits, same: (a, b) => a.reason === b.reason, text: vmexitText }),
  resultList({ name: 'vmm', records: (t) => t.vmm, same: (a, b) => a.action === b.action, text: vmmText }),
]

/** Aligns one result list of two traces (sequence alignment on record identity, as for events). */
export function alignResultList(name: ResultListName, a: Trace, b: Trace): AlignedRecord[] {
  const list = RESULT_LISTS.find((l) => l.name === name)!
  const ra = list.records(a), rb = list.records(b)
  return alignBy(ra.length, rb.length, (x, y) => list.same(ra[x], rb[y])).map((step) => {
    if (step.b === undefined) return { a: step.a, aText: list.text(ra[step.a]), diffs: [] }
    if (step.a === undefined) return { b: step.b, bText: list.text(rb[step.b]), diffs: [] }
    const aText = list.text(ra[step.a]), bText = list.text(rb[step.b])
    return { a: step.a, b: step.b, aText, bText, diffs: diffFields(ra[step.a], rb[step.b]) }
  })
}
