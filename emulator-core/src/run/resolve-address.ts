import { InputErrors } from '../types/run'
import type { AddressRef, Scenario } from '../types/scenario'

/** Resolves a scenario address (number or label+offset) against the assembled guest's symbols. */
export function resolveAddress(ref: AddressRef, symbols: Record<string, bigint>, scenario: Scenario, key: string): bigint {
  if (typeof ref === 'bigint') return ref
  const base = symbols[ref.label]
  if (base === undefined) {
    throw new InputErrors([{ file: scenario.file ?? '<scenario>', line: 1, column: 1, key, message: `unknown label '${ref.label}'` }])
  }
  return base + ref.offset
}
