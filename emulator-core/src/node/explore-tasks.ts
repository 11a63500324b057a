import type { Cluster, ChunkResult, FuzzCluster, FuzzOptions } from '../explore'

/** Work a fuzz worker does: warm up, run a block of cases, or minimize one cluster. */
export type ExploreTask =
  /** Runs the campaign's first WARM_UP_CASES cases (at most its count) and drops the result: start-up, not search. */
  | { kind: 'warm'; options: FuzzOptions }
  | { kind: 'chunk'; options: FuzzOptions; start: number; end: number }
  | { kind: 'finish'; options: FuzzOptions; cluster: Cluster }

export type ExploreAnswer = ChunkResult | FuzzCluster

/**
 * Cases a worker runs before a search is timed: enough for the JIT and to meet the runtime-image
 * variants the grammar draws (each costs tens of ms to build the first time a thread sees it).
 */
export const WARM_UP_CASES = 128

/** Which module and export provide the run function inside a worker (a file URL and a name). */
export interface RunnerRef {
  module: string
  export: string
}

/** The engine's runner, which workers use unless told otherwise. */
export const ENGINE_RUNNER: RunnerRef = { module: new URL('../run/index.ts', import.meta.url).href, export: 'runScenario' }
