import type { RunOptions, Scenario, Trace } from '../types'

/** The engine's `runScenario`, injected so exploration runs on any runner (and on fakes in tests). */
export type RunFn = (scenario: Scenario, options: RunOptions) => Trace
