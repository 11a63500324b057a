import type { FieldDiff, Trace } from '../types'
import { diffFields, withSides } from './field-diff'
import { alignKeys } from './myers'
import { exitText, guestExceptionText, vmexitText, vmmText } from './record-text'
import { SignatureTable } from './signature'

/**
 * Differences in the result lists, aligned the same way as events so one extra exit does not make
 * every later exit "differ". Paths: `exits[1].dr6` for a field of a matched pair (`exits[a:1,b:2].dr6`
 * when the pair sits at different positions), `exits[1]` with one side absent for an unmatched entry.
 */
export function diffResults(a: Trace, b: Trace): FieldDiff[] {
  return [
    ...diffList('guest_exceptions', a.guest_exceptions, b.guest_exceptions, (r) => `${r.vector}`, guestExceptionText),
    ...diffList('exits', a.exits, b.exits, (r) => r.reason, exitText),
    ...diffList('vmexits', a.vmexits, b.vmexits, (r) => r.reason, vmexitText),
    ...diffList('vmm', a.vmm, b.vmm, (r) => r.action, vmmText),
    ...diffFields(a.final, b.final, 'final'),
    ...(a.outcome !== b.outcome ? [withSides('outcome', a.outcome, b.outcome)] : []),
  ]
}

function diffList<T extends object>(
  name: string,
  a: readonly T[],
  b: readonly T[],
  signature: (record: T) => string,
  text: (record: T) => string,
): FieldDiff[] {
  const table = new SignatureTable()
  const steps = alignKeys(table.keys(a, signature), table.keys(b, signature))
  const diffs: FieldDiff[] = []
  for (const step of steps) {
    if (step.b === undefined) diffs.push(withSides(`${name}[${step.a}]`, text(a[step.a]), undefined))
    else if (step.a === undefined) diffs.push(withSides(`${name}[${step.b}]`, undefined, text(b[step.b])))
    else {
      const at = step.a === step.b ? `${step.a}` : `a:${step.a},b:${step.b}`
      diffs.push(...diffFields(a[step.a], b[step.b], `${name}[${at}]`))
    }
  }
  return diffs
}
