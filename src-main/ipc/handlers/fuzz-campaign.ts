// A fuzz campaign on all cores, driven from main over the warm engine workers: the chunks and minimizations of
// `patchlab fuzz` (emulator-core/src/node/parallel-fuzz.ts), one task each, so every task is one message and
// one answer. Main only hands out case ranges and tallies the answers; guests run on the workers.
import {
  CampaignTally,
  DEFAULT_CHUNK_SIZE,
  budgetLeft,
  validateFuzzOptions,
  type ChunkResult,
  type FuzzOptions,
  type FuzzProgress,
} from '@patchlab/emulator-core/explore'
import type { FuzzClusterSummary, FuzzSummary, RunFailure } from '../contract'
import type { EngineTask, EngineTaskResult } from './engine-tasks'
import type { EngineWorkers } from './engine-workers'

export interface CampaignHooks {
  /** Worker threads to use at once. */
  jobs: number
  /** Stops handing out cases; the chunks in flight finish and what was found is still minimized. */
  signal: AbortSignal
  onProgress(progress: FuzzProgress): void
  /** After the search: clusters minimized so far (first called with 0). */
  onMinimized?(done: number): void
  now?: () => number
}

/** A task that failed (a crashed worker): the campaign stops with its cause. */
class TaskFailed extends Error {
  constructor(readonly failure: RunFailure) {
    super('message' in failure ? failure.message : failure.kind)
  }
}

export async function runCampaign(workers: Pick<EngineWorkers, 'start'>, options: FuzzOptions, hooks: CampaignHooks): Promise<FuzzSummary | RunFailure> {
  try {
    validateFuzzOptions(options)
  } catch (e) {
    return { kind: 'engine', message: e instanceof Error ? e.message : String(e) }
  }
  const now = hooks.now ?? (() => performance.now())
  // The first failed task stops every lane (none starts another task), and becomes the answer.
  let failure: RunFailure | undefined
  const task = async <T>(t: EngineTask): Promise<T> => {
    const result: EngineTaskResult = await workers.start(t).result
    if (!result.ok) throw new TaskFailed((failure ??= result.error))
    return result.value as T
  }
  const started = now()
  const tally = new CampaignTally()
  let next = 0
  try {
    // Cases are handed out in order and every chunk handed out finishes, so the cases run are a prefix
    // 0 … N-1 of the seed's sequence and the report equals the CLI's for that N.
    const lane = async (): Promise<void> => {
      while (!failure && budgetLeft(options, next, now() - started, hooks.signal)) {
        const start = next
        const end = options.count !== undefined ? Math.min(start + DEFAULT_CHUNK_SIZE, options.count) : start + DEFAULT_CHUNK_SIZE
        next = end
        tally.add(await task<ChunkResult>({ task: 'fuzz-chunk', options, start, end }))
        hooks.onProgress(tally.progress(now() - started))
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, hooks.jobs) }, lane))
    const searchMs = now() - started
    // Stopping later (while minimizing) cuts nothing short: every case handed out has run.
    const interrupted = hooks.signal.aborted
    const clusters = tally.clusters()
    const summaries: FuzzClusterSummary[] = new Array(clusters.length)
    let nextCluster = 0
    let minimized = 0
    hooks.onMinimized?.(0)
    const minimizer = async (): Promise<void> => {
      while (!failure && nextCluster < clusters.length) {
        const i = nextCluster++
        summaries[i] = await task<FuzzClusterSummary>({ task: 'fuzz-finish', options, cluster: clusters[i], name: caseFileName(options, i) })
        hooks.onMinimized?.(++minimized)
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, hooks.jobs) }, minimizer))
    return {
      builds: options.builds,
      seed: options.seed,
      mode: options.mode ?? 'fep',
      cases: tally.cases,
      rejected: tally.rejected,
      interrupted,
      searchMs: Math.round(searchMs),
      elapsedMs: Math.round(now() - started),
      clusters: summaries,
    }
  } catch (e) {
    if (e instanceof TaskFailed) return e.failure
    throw e
  }
}

/** The name a minimized case gets in the library, as `patchlab fuzz --out` numbers its files. */
function caseFileName(options: FuzzOptions, index: number): string {
  return `fuzz-${options.builds[0]}-${options.builds[1]}-seed${options.seed}-cluster-${String(index + 1).padStart(2, '0')}.yaml`
}
