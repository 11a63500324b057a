// Engine tasks on the shared worker pool (emulator-core/src/node/worker-pool.ts), one task per worker at a
// time, workers kept warm with the engine loaded. A failed worker becomes a RunFailure the UI can show:
// cancelled (the user stopped it), crashed (the worker died mid-task and was replaced), engine (it threw).
import { availableParallelism } from 'node:os'
import type { ResourceLimits, Worker } from 'node:worker_threads'
import { TaskCancelledError, typeScriptWorker, WorkerCrashedError, WorkerPool } from '@patchlab/emulator-core/node'
import type { RunFailure } from '../contract'
import type { EngineTask, EngineTaskResult } from './engine-tasks'
import type { AccessPolicy } from './file-access'

/** Starts one engine worker. Electron passes the electron-vite-built entry; Node uses the tsx boot file. */
export type WorkerFactory = () => Worker

/** A guest that makes the engine allocate without bound fails its run as "crashed", not the app. */
export const ENGINE_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024 }

/** Under Node (tests, the HTTP bridge) the TypeScript worker loads through the engine's tsx boot file. */
export const nodeWorkerFactory: WorkerFactory = () => typeScriptWorker(new URL('./engine-worker.ts', import.meta.url), { resourceLimits: ENGINE_WORKER_LIMITS })

export interface EngineJob {
  result: Promise<EngineTaskResult>
  cancel(): void
}

export class EngineWorkers {
  private readonly pool: WorkerPool<EngineTask, EngineTaskResult>

  /**
   * `warm`: idle workers loaded up front (A, B, the native reference and the comparison); `size`: most at once;
   * `access`: the current file policy, sent with every task that parses a scenario (its `guest.binary`).
   */
  constructor(
    spawn: WorkerFactory,
    warm = 4,
    size = Math.max(warm, 2 * availableParallelism()),
    private readonly access?: () => AccessPolicy,
  ) {
    this.pool = new WorkerPool(spawn, { size, warm, label: 'engine worker' })
  }

  start(task: EngineTask): EngineJob {
    const job = this.pool.start(this.access && 'text' in task ? { ...task, access: this.access() } : task)
    return { result: job.result.catch((e: unknown) => ({ ok: false, error: failure(e) })), cancel: job.cancel }
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}

function failure(e: unknown): RunFailure {
  if (e instanceof TaskCancelledError) return { kind: 'cancelled', message: 'run cancelled' }
  const message = e instanceof Error ? e.message : String(e)
  if (e instanceof WorkerCrashedError) return { kind: 'crashed', message: `${message}; this run failed, a fresh worker takes the next one` }
  return { kind: 'engine', message }
}
