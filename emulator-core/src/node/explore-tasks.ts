import type { Cluster, ChunkResult, FuzzCluster, FuzzOptions } from '../explore'

/** Work a fuzz worker does: run a block of cases, or minimize one cluster. */
export type ExploreTask =
  | { kind: 'chunk'; options: FuzzOptions; start: number; end: number }
  | { kind: 'finish'; options: FuzzOptions; cluster: Cluster }

export type ExploreAnswer = ChunkResult | FuzzCluster

/** Which module and export provide the run function inside a worker (a file URL and a name). */
export interface RunnerRef {
  module: string
  export: string
}

/** The engine's runner, which workers use unless told otherwise. */
export const ENGINE_RUNNER: RunnerRef = { module: new URL('../run/index.ts', import.meta.url).href, export: 'runScenario' }
