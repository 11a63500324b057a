import type { RunMode, Scenario } from '../types'
import { ddmin } from './ddmin'
import { programLength, type FuzzUnit } from './fuzz-case'
import { renderScenario } from './render'
import { runPair, type PairRun } from './differential'
import type { RunFn } from './run-fn'

/** A divergence reduced to a 1-minimal set of instructions and settings. */
export interface MinimizedDivergence {
  units: FuzzUnit[]
  scenario: Scenario
  pair: PairRun
  /** Guest instructions in the minimized program, the final `hlt` included. */
  instructions: number
  /** Scenario pairs run while minimizing. */
  tests: number
}

/**
 * Delta-debugs `units` down to the smallest subset whose two runs still diverge with exactly
 * `signatureKey`. Candidates that cannot be built or that the engine rejects count as "does not
 * reproduce" (ddmin's "unresolved").
 */
export function minimizeDivergence(
  run: RunFn,
  units: readonly FuzzUnit[],
  signatureKey: string,
  builds: readonly [string, string],
  mode: RunMode,
  name: string,
): MinimizedDivergence {
  let tests = 0
  const attempt = (subset: readonly FuzzUnit[]): { scenario: Scenario; pair: PairRun } | undefined => {
    const scenario = renderScenario(subset, name)
    if (!scenario) return undefined
    tests++
    try {
      const pair = runPair(run, scenario, builds, mode)
      return pair.signature?.key === signatureKey ? { scenario, pair } : undefined
    } catch {
      return undefined
    }
  }
  if (!attempt(units)) throw new Error(`case does not reproduce '${signatureKey}' (is the runner deterministic?)`)
  const minimal = ddmin(units, (subset) => attempt(subset) !== undefined)
  const found = attempt(minimal)
  if (!found) throw new Error(`minimization lost the divergence '${signatureKey}' (is the runner deterministic?)`)
  return { units: minimal, ...found, instructions: programLength(minimal), tests }
}
