import { compareExpectation, expectationPairs } from '../run/check-expectations'
import type { ExpectVerdict, Scenario, Trace } from '../types'

/**
 * Each side checked against the scenario's `expect` block for its build and mode (the rule of
 * `patchlab check`): `post/fep` matches or the fields that differ. Sides the block says nothing about
 * get no entry.
 */
export function sideExpectations(scenario: Scenario, traces: readonly [Trace, Trace]): ExpectVerdict[] {
  const pairs = expectationPairs(scenario)
  const verdicts: ExpectVerdict[] = []
  traces.forEach((trace, i) => {
    const pair = pairs.find((p) => p.build === trace.build && p.mode === trace.mode)
    if (!pair) return
    const mismatches = compareExpectation(pair.expectation, trace, scenario)
    verdicts.push({ side: i ? 'B' : 'A', key: `${trace.build}/${trace.mode}`, ok: mismatches.length === 0, mismatches })
  })
  return verdicts
}
