// A fuzz campaign inside an engine worker: the engine's fuzzCampaign (the report `patchlab fuzz` gives for
// the same seed and count), with throttled progress and a stop that keeps what was found.
import type { FuzzProgress } from '../../../emulator-core/src/explore'
import type { RunMode } from '../../../emulator-core/src/types'
import type { FuzzSummary } from '../contract'
import type { Engine } from './engine'

export interface FuzzTask {
  task: 'fuzz'
  builds: [string, string]
  seed: number
  count?: number
  timeMs?: number
  mode?: RunMode
}

/** At most this often a progress message crosses the thread and IPC boundaries. */
export const PROGRESS_INTERVAL_MS = 100
/** Smaller than the CLI's chunks so Stop answers and progress moves within a few milliseconds. */
const CHUNK_SIZE = 16

export async function runFuzzTask(engine: Engine, task: FuzzTask, signal: AbortSignal, onProgress: (p: FuzzProgress) => void): Promise<FuzzSummary> {
  const { builds, seed, count, timeMs, mode } = task
  for (const build of builds) engine.resolveBuild(build)
  let lastSent = -Infinity
  const report = await engine.fuzz(
    { builds, seed, count, timeMs, mode },
    {
      signal,
      chunkSize: CHUNK_SIZE,
      onProgress: (p) => {
        if (p.elapsedMs - lastSent < PROGRESS_INTERVAL_MS) return
        lastSent = p.elapsedMs
        onProgress(p)
      },
    },
  )
  return {
    builds: report.builds,
    seed: report.seed,
    mode: report.mode,
    cases: report.cases,
    rejected: report.rejected,
    interrupted: report.interrupted,
    searchMs: report.search_ms,
    elapsedMs: report.elapsed_ms,
    clusters: report.clusters.map((c, i) => ({
      signature: c.signature,
      count: c.count,
      firstCase: c.first_case,
      instructions: c.instructions,
      reference: c.reference,
      name: `fuzz-${builds[0]}-${builds[1]}-seed${seed}-cluster-${String(i + 1).padStart(2, '0')}.yaml`,
      yaml: engine.serializeScenario(c.scenario),
    })),
  }
}
