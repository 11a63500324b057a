// Runs one EngineTask in its own worker thread; terminating the worker is how a run is cancelled.
import { Worker } from 'node:worker_threads'
import type { RunFailure } from '../contract'
import type { EngineTask, EngineTaskResult } from './engine-tasks'

/** Creates the worker for a task. Electron passes the electron-vite-built entry; Node uses the tsx boot file. */
export type WorkerFactory = (task: EngineTask) => Worker

/** Under Node (tests, the HTTP bridge) the TypeScript worker loads through the engine's tsx boot file. */
export const nodeWorkerFactory: WorkerFactory = (task) =>
  new Worker(new URL('../../../emulator-core/src/node/worker-boot.mjs', import.meta.url), {
    workerData: { module: new URL('./engine-worker.ts', import.meta.url).href, task } satisfies EngineWorkerData & { module: string },
  })

/** What every engine worker receives, whichever way it was started. */
export interface EngineWorkerData {
  task: EngineTask
}

export interface EngineJob {
  result: Promise<EngineTaskResult>
  cancel(): void
}

export function startEngineJob(spawn: WorkerFactory, task: EngineTask): EngineJob {
  const worker = spawn(task)
  let cancelled = false
  const result = new Promise<EngineTaskResult>((resolve) => {
    let settled = false
    const settle = (r: EngineTaskResult) => {
      if (settled) return
      settled = true
      resolve(r)
      void worker.terminate()
    }
    const fail = (error: RunFailure) => settle({ ok: false, error })
    worker.once('message', (message: EngineTaskResult) => settle(message))
    worker.once('error', (e: Error) => fail({ kind: 'crashed', message: `engine worker crashed: ${e.message}` }))
    worker.once('exit', (code) => {
      if (cancelled) fail({ kind: 'cancelled', message: 'run cancelled' })
      else fail({ kind: 'crashed', message: `engine worker exited with code ${code} before answering` })
    })
  })
  return {
    result,
    cancel() {
      cancelled = true
      void worker.terminate()
    },
  }
}
