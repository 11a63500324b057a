import { availableParallelism } from 'node:os'
import {
  CampaignTally,
  DEFAULT_CHUNK_SIZE,
  budgetLeft,
  validateFuzzOptions,
  type CampaignHooks,
  type ChunkResult,
  type FuzzCluster,
  type FuzzOptions,
  type FuzzReport,
} from '../explore'
import { ENGINE_RUNNER, type ExploreAnswer, type ExploreTask, type RunnerRef } from './explore-tasks'
import { typeScriptWorker, WorkerPool } from './worker-pool'

export interface ParallelHooks extends CampaignHooks {
  /** Worker threads (default: every core). */
  jobs?: number
  /** The run function workers load (default: the engine's runScenario). */
  runner?: RunnerRef
}

/** The search phase on all cores: which cases diverged, and how long running them took. */
export interface ParallelSearch {
  tally: CampaignTally
  searchMs: number
  /** CPU time every thread of the process spent during the search (the machine may be shared, wall time not all ours). */
  searchCpuMs: number
}

type ExplorePool = WorkerPool<ExploreTask, ExploreAnswer>

function startPool(hooks: ParallelHooks): ExplorePool {
  const size = hooks.jobs ?? availableParallelism()
  const spawn = () => typeScriptWorker(new URL('./explore-worker.ts', import.meta.url), { workerData: { runner: hooks.runner ?? ENGINE_RUNNER } })
  // Two chunks per worker keep every thread busy while an answer is in transit.
  return new WorkerPool<ExploreTask, ExploreAnswer>(spawn, { size, warm: size, tasksPerWorker: 2, label: 'fuzz worker' })
}

/**
 * Runs cases on every worker of `pool`. Chunks are handed out in case order and every chunk handed
 * out is finished before the search stops, so the cases run are always a prefix 0 … N-1 of the
 * seed's sequence.
 */
async function search(pool: ExplorePool, options: FuzzOptions, hooks: ParallelHooks): Promise<ParallelSearch> {
  const now = hooks.now ?? (() => Date.now())
  const chunkSize = hooks.chunkSize ?? DEFAULT_CHUNK_SIZE
  // A warm-up per worker waits for every thread to load the engine and meet the campaign's runtime
  // images, so rates exclude start-up.
  await Promise.all(Array.from({ length: pool.size }, () => pool.run({ kind: 'warm', options })))
  const started = now()
  const cpuStarted = process.cpuUsage()
  const tally = new CampaignTally()
  let next = 0
  await new Promise<void>((resolve, reject) => {
    let inFlight = 0
    const dispatch = (): void => {
      while (inFlight < pool.size * 2 && budgetLeft(options, next, now() - started, hooks.signal)) {
        const start = next
        const end = options.count !== undefined ? Math.min(start + chunkSize, options.count) : start + chunkSize
        next = end
        inFlight++
        pool.run({ kind: 'chunk', options, start, end }).then((answer) => {
          inFlight--
          tally.add(answer as ChunkResult)
          hooks.onProgress?.(tally.progress(now() - started))
          dispatch()
        }, reject)
      }
      if (inFlight === 0) resolve()
    }
    dispatch()
  })
  const cpu = process.cpuUsage(cpuStarted)
  return { tally, searchMs: now() - started, searchCpuMs: (cpu.user + cpu.system) / 1000 }
}

/** Only the search phase of a parallel campaign (no minimization): for throughput figures. */
export async function searchParallel(options: FuzzOptions, hooks: ParallelHooks = {}): Promise<ParallelSearch> {
  validateFuzzOptions(options)
  const pool = startPool(hooks)
  try {
    return await search(pool, options, hooks)
  } finally {
    await pool.close()
  }
}

/**
 * fuzzCampaign on all cores: the search, then one minimization task per cluster. The report equals
 * the in-thread campaign's for the same N, whatever `jobs` is.
 */
export async function fuzzCampaignParallel(options: FuzzOptions, hooks: ParallelHooks = {}): Promise<FuzzReport> {
  validateFuzzOptions(options)
  const now = hooks.now ?? (() => Date.now())
  const pool = startPool(hooks)
  try {
    const started = now()
    const { tally, searchMs } = await search(pool, options, hooks)
    const clusters = await Promise.all(tally.clusters().map((cluster) => pool.run({ kind: 'finish', options, cluster }) as Promise<FuzzCluster>))
    return tally.report(options, clusters, hooks.signal?.aborted ?? false, { searchMs, elapsedMs: now() - started })
  } finally {
    await pool.close()
  }
}
