import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

/** A request and its answer as they cross the thread boundary (structured clone: bigints are fine). */
interface Envelope<T> {
  id: number
  ok?: T
  error?: string
}

/**
 * A fixed set of long-lived worker threads, each running `module` (a TypeScript file loaded through
 * tsx, see worker-boot.mjs) that answers requests posted to it with `serveRequests`. Requests go to
 * the least busy worker; answers resolve in whatever order they finish.
 */
export class WorkerPool<Request, Answer> {
  readonly size: number
  private readonly workers: Worker[] = []
  private readonly busy: number[] = []
  private readonly pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void; worker: number }>()
  private nextId = 0

  constructor(module: URL, options: { size?: number; workerData?: Record<string, unknown> } = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism())
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { ...options.workerData, module: module.href } })
      worker.on('message', (message: Envelope<Answer>) => this.settle(message))
      worker.on('error', (error) => this.failWorker(i, error))
      worker.on('exit', (code) => this.failWorker(i, new Error(`worker ${i} exited with code ${code}`)))
      this.workers.push(worker)
      this.busy.push(0)
    }
  }

  run(request: Request): Promise<Answer> {
    const worker = this.busy.indexOf(Math.min(...this.busy))
    const id = this.nextId++
    this.busy[worker]++
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker })
      this.workers[worker].postMessage({ id, request })
    })
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0)
    await Promise.all(workers.map((w) => w.terminate()))
  }

  private settle(message: Envelope<Answer>): void {
    const job = this.pending.get(message.id)
    if (!job) return
    this.pending.delete(message.id)
    this.busy[job.worker]--
    if (message.error !== undefined) job.reject(new Error(message.error))
    else job.resolve(message.ok as Answer)
  }

  private failWorker(worker: number, error: Error): void {
    if (!this.workers.length) return
    for (const [id, job] of this.pending) {
      if (job.worker !== worker) continue
      this.pending.delete(id)
      job.reject(error)
    }
  }
}
