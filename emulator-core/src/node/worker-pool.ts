// The one worker-thread pool of the CLI's fuzz, the desktop app and browser mode.
// Workers start on demand up to `size` (the first `warm` at once) and stay loaded while idle (unref'd,
// so they never keep a process alive). A worker that dies mid-task fails exactly its tasks with a
// WorkerCrashedError and is replaced by the next task that needs one; cancelling a running task
// terminates its worker, so a runaway guest stops at once. Node's own primitives: piscina/tinypool
// would need their own worker entry (the app's is built by electron-vite, the CLI's loads tsx).
import { Worker, type ResourceLimits } from 'node:worker_threads'
import type { Answer } from './serve-requests'

export type SpawnWorker = () => Worker

export interface PoolOptions {
  /** Most workers alive at once; tasks beyond them wait in order. */
  size: number
  /** Workers started by the constructor (default: none). */
  warm?: number
  /** Tasks one worker holds at once (2 keeps a fuzz worker busy while an answer is in transit; default 1). */
  tasksPerWorker?: number
  /** What the workers are called in error messages. */
  label?: string
}

export interface PoolTask<A> {
  result: Promise<A>
  /** Rejects the task with TaskCancelledError: dropped if still queued, else its worker is terminated. */
  cancel(): void
}

/** The worker running the task died (killed, out of memory, an uncaught error) before answering. */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkerCrashedError'
  }
}

export class TaskCancelledError extends Error {
  constructor() {
    super('cancelled')
    this.name = 'TaskCancelledError'
  }
}

/** The worker's handler threw; the message is the handler's (no stack crosses the thread boundary). */
export class WorkerTaskError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkerTaskError'
  }
}

interface Job<R, A> {
  id: number
  request: R
  resolve(answer: A): void
  reject(error: Error): void
  slot?: Slot<R, A>
  settled: boolean
}

interface Slot<R, A> {
  worker: Worker
  jobs: Map<number, Job<R, A>>
  /** Tasks answered: a worker that dies before its first answer may have a broken entry. */
  answered: number
  error?: Error
  cancelling: boolean
}

export class WorkerPool<R, A> {
  readonly size: number
  private readonly slots: Slot<R, A>[] = []
  private readonly queue: Job<R, A>[] = []
  private readonly perWorker: number
  private readonly label: string
  private nextId = 0
  private closed = false

  constructor(
    private readonly spawn: SpawnWorker,
    options: PoolOptions,
  ) {
    this.size = Math.max(1, options.size)
    this.perWorker = Math.max(1, options.tasksPerWorker ?? 1)
    this.label = options.label ?? 'worker'
    for (let i = 0; i < Math.min(options.warm ?? 0, this.size); i++) this.addSlot()
  }

  start(request: R): PoolTask<A> {
    let job!: Job<R, A>
    const result = new Promise<A>((resolve, reject) => {
      job = { id: this.nextId++, request, resolve, reject, settled: false }
    })
    if (this.closed) this.settle(job, new Error(`the ${this.label} pool is closed`))
    else {
      this.queue.push(job)
      this.pump()
    }
    return { result, cancel: () => this.cancel(job) }
  }

  run(request: R): Promise<A> {
    return this.start(request).result
  }

  /** Workers alive now (for tests and figures). */
  get workers(): readonly Worker[] {
    return this.slots.map((s) => s.worker)
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) this.settle(job, new Error(`the ${this.label} pool is closed`))
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()))
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      const slot = this.freeSlot()
      if (!slot) return
      const job = this.queue.shift()!
      job.slot = slot
      slot.jobs.set(job.id, job)
      // A busy worker keeps the process alive until it answers.
      slot.worker.ref()
      slot.worker.postMessage({ id: job.id, request: job.request })
    }
  }

  private freeSlot(): Slot<R, A> | undefined {
    let best: Slot<R, A> | undefined
    for (const slot of this.slots) if (slot.jobs.size < this.perWorker && (!best || slot.jobs.size < best.jobs.size)) best = slot
    if (best && best.jobs.size === 0) return best
    if (this.slots.length < this.size) return this.addSlot()
    return best
  }

  private addSlot(): Slot<R, A> {
    const slot: Slot<R, A> = { worker: this.spawn(), jobs: new Map(), answered: 0, cancelling: false }
    slot.worker.unref()
    slot.worker.on('message', (message: { id: number } & Answer<A>) => this.answer(slot, message))
    slot.worker.on('error', (error) => (slot.error = error))
    slot.worker.once('exit', (code) => this.lost(slot, code))
    this.slots.push(slot)
    return slot
  }

  private answer(slot: Slot<R, A>, message: { id: number } & Answer<A>): void {
    const job = slot.jobs.get(message.id)
    if (!job) return
    slot.jobs.delete(message.id)
    slot.answered++
    if (slot.jobs.size === 0) slot.worker.unref()
    if ('error' in message) this.settle(job, new WorkerTaskError(message.error))
    else this.settle(job, undefined, message.ok)
    this.pump()
  }

  private lost(slot: Slot<R, A>, code: number): void {
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots.splice(i, 1)
    const cause = slot.error
      ? `${this.label} crashed: ${slot.error.message}`
      : `${this.label} stopped (exit code ${code}) before answering`
    for (const job of slot.jobs.values()) this.settle(job, slot.cancelling ? new TaskCancelledError() : new WorkerCrashedError(cause))
    // A worker that fails before its first answer (not for lack of memory) has a broken entry: fail what
    // waits rather than respawn it forever.
    const outOfMemory = (slot.error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
    if (slot.error && !outOfMemory && slot.answered === 0) for (const job of this.queue.splice(0)) this.settle(job, new WorkerCrashedError(cause))
    this.pump()
  }

  private cancel(job: Job<R, A>): void {
    if (job.settled) return
    const slot = job.slot
    if (!slot) {
      this.queue.splice(this.queue.indexOf(job), 1)
      this.settle(job, new TaskCancelledError())
      return
    }
    // The worker's other tasks go back to the front of the queue; the worker itself is stopped.
    slot.jobs.delete(job.id)
    this.settle(job, new TaskCancelledError())
    for (const other of slot.jobs.values()) other.slot = undefined
    this.queue.unshift(...slot.jobs.values())
    slot.jobs.clear()
    slot.cancelling = true
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots.splice(i, 1)
    void slot.worker.terminate()
    this.pump()
  }

  private settle(job: Job<R, A>, error: Error | undefined, answer?: A): void {
    if (job.settled) return
    job.settled = true
    if (error) job.reject(error)
    else job.resolve(answer as A)
  }
}

/** The worker-thread entry that loads a TypeScript module (workerData.module, a file URL) through tsx. */
export const WORKER_BOOT_URL = /* @__PURE__ */ new URL('./worker-boot.mjs', import.meta.url)

/** A worker running a TypeScript module through tsx (see worker-boot.mjs), for Node (CLI, tests, browser mode). */
export function typeScriptWorker(module: URL, options: { workerData?: Record<string, unknown>; resourceLimits?: ResourceLimits } = {}): Worker {
  return new Worker(WORKER_BOOT_URL, {
    workerData: { ...options.workerData, module: module.href },
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  })
}
