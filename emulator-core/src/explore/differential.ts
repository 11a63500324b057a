import type { RunMode, RunOptions, Scenario, Trace } from '../types'
import type { RunFn } from './run-fn'
import { divergenceSignature, type DivergenceSignature } from './signature'

/** Two builds run on one scenario in one mode. */
export interface PairRun {
  a: Trace
  b: Trace
  /** Undefined when the two runs agree on every observable. */
  signature?: DivergenceSignature
}

/** `events: 'none'` when only the observables matter (the fuzz search; see RunOptions.events). */
export function runPair(run: RunFn, scenario: Scenario, builds: readonly [string, string], mode: RunMode, events: RunOptions['events'] = 'all'): PairRun {
  const a = run(scenario, { build: builds[0], mode, events })
  const b = run(scenario, { build: builds[1], mode, events })
  return { a, b, signature: divergenceSignature(a, b) }
}
