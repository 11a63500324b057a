import type { RunMode, Scenario, Trace, Vendor } from '../types'
import type { RunFn } from './run-fn'
import { divergenceSignature, type DivergenceSignature } from './signature'

/** Two builds run on one scenario in one mode. */
export interface PairRun {
  a: Trace
  b: Trace
  /** Undefined when the two runs agree on every observable. */
  signature?: DivergenceSignature
}

export function runPair(run: RunFn, scenario: Scenario, builds: readonly [string, string], mode: RunMode, vendor?: Vendor): PairRun {
  const a = run(scenario, { build: builds[0], mode, vendor })
  const b = run(scenario, { build: builds[1], mode, vendor })
  return { a, b, signature: divergenceSignature(a, b) }
}
