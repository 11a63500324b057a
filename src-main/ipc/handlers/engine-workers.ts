// Engine tasks on worker threads kept warm (engine already loaded), one task per worker at a time.
// Cancelling a task terminates its worker, so a runaway guest stops at once; a fresh worker replaces it.
import { Worker } from 'node:worker_threads'
import { WORKER_BOOT_URL } from '@patchlab/emulator-core/node'
import type { RunFailure } from '../contract'
import type { EngineTask, EngineTaskResult } from './engine-tasks'

/** Starts one engine worker. Electron passes the electron-vite-built entry; Node uses the tsx boot file. */
export type WorkerFactory = () => Worker

/** Under Node (tests, the HTTP bridge) the TypeScript worker loads through the engine's tsx boot file. */
export const nodeWorkerFactory: WorkerFactory = () =>
  new Worker(WORKER_BOOT_URL, {
    workerData: { module: new URL('./engine-worker.ts', import.meta.url).href },
  })

export interface EngineJob {
  result: Promise<EngineTaskResult>
  cancel(): void
}

export class EngineWorkers {
  private readonly idle: Worker[] = []

  /** `warm`: how many idle workers to keep loaded (A, B, the native reference and the comparison). */
  constructor(
    private readonly spawn: WorkerFactory,
    private readonly warm = 4,
  ) {
    for (let i = 0; i < warm; i++) this.park(this.spawn())
  }

  start(task: EngineTask): EngineJob {
    const worker = this.idle.pop() ?? this.spawn()
    // Idle workers do not keep the process alive; a busy one must, until it answers.
    worker.ref()
    worker.removeAllListeners()
    let cancelled = false
    let settled = false
    const result = new Promise<EngineTaskResult>((resolve) => {
      const settle = (r: EngineTaskResult, reusable: boolean) => {
        if (settled) return
        settled = true
        worker.removeAllListeners()
        if (reusable && this.idle.length < this.warm) this.park(worker)
        else {
          void worker.terminate()
          if (this.idle.length < this.warm) this.park(this.spawn())
        }
        resolve(r)
      }
      const fail = (error: RunFailure) => settle({ ok: false, error }, false)
      worker.once('message', (message: EngineTaskResult) => settle(message, true))
      worker.once('error', (e: Error) => fail({ kind: 'crashed', message: `engine worker crashed: ${e.message}` }))
      worker.once('exit', (code) => {
        if (cancelled) fail({ kind: 'cancelled', message: 'run cancelled' })
        else fail({ kind: 'crashed', message: `engine worker exited with code ${code} before answering` })
      })
    })
    worker.postMessage(task)
    return {
      result,
      cancel() {
        if (settled) return
        cancelled = true
        void worker.terminate()
      },
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()))
  }

  /** An idle worker that dies (or never loads) is dropped, not replaced, so a broken entry cannot spin. */
  private park(worker: Worker): void {
    worker.unref()
    worker.once('exit', () => {
      const i = this.idle.indexOf(worker)
      if (i >= 0) this.idle.splice(i, 1)
    })
    worker.once('error', () => undefined)
    this.idle.push(worker)
  }
}
