import type { FieldDiff, Trace } from '../types'
import { diffFields, withSides } from './field-diff'
import { RESULT_LISTS, alignResultList } from './result-lists'

/**
 * Differences in the result lists (aligned, so one extra exit does not make every later exit
 * "differ"), the final state and the outcome. Paths: `exits[1].dr6` for a field of a matched pair
 * (`exits[a:1,b:2].dr6` when the pair sits at different positions), `exits[1]` with one side absent
 * for an entry only one side has.
 */
export function diffResults(a: Trace, b: Trace): FieldDiff[] {
  const diffs: FieldDiff[] = []
  for (const { name } of RESULT_LISTS) {
    for (const entry of alignResultList(name, a, b)) {
      if (entry.b === undefined) diffs.push(withSides(`${name}[${entry.a}]`, entry.aText, undefined))
      else if (entry.a === undefined) diffs.push(withSides(`${name}[${entry.b}]`, undefined, entry.bText))
      else {
        const at = entry.a === entry.b ? `${entry.a}` : `a:${entry.a},b:${entry.b}`
        for (const d of entry.diffs) diffs.push(withSides(`${name}[${at}].${d.path}`, d.a, d.b))
      }
    }
  }
  diffs.push(...diffFields(a.final, b.final, 'final'))
  if (a.outcome !== b.outcome) diffs.push(withSides('outcome', a.outcome, b.outcome))
  return diffs
}
