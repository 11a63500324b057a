// The pool's fault contract with plain eval workers: a worker killed or out of memory mid-task fails that
// task with a clear error, is replaced, and nothing hangs; cancelling and a broken entry never spin.
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { TaskCancelledError, WorkerCrashedError, WorkerPool, WorkerTaskError } from './worker-pool'

/** Answers `{ id, ok: threadId }`; `hang` never answers, `throw` answers an error, `exit` ends the thread, `hog` allocates forever. */
const ECHO = `
  const { parentPort, threadId } = require('node:worker_threads')
  parentPort.on('message', ({ id, request }) => {
    if (request === 'hang') return
    if (request === 'throw') return parentPort.postMessage({ id, error: 'bad task' })
    if (request === 'exit') process.exit(137)
    if (request === 'hog') { const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length)) }
    parentPort.postMessage({ id, ok: threadId })
  })`

function pool(size = 1, spawned: Worker[] = []) {
  const spawn = () => {
    const w = new Worker(ECHO, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 32 } })
    spawned.push(w)
    return w
  }
  return new WorkerPool<string, number>(spawn, { size, label: 'test worker' })
}

describe('WorkerPool', () => {
  it('reuses an idle worker, and runs tasks beyond its size in order once workers free up', async () => {
    const p = pool(2)
    const ids = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => p.run(t)))
    expect(new Set(ids).size).toBe(2)
    expect(p.workers.length).toBe(2)
    await p.close()
  })

  it('fails a task whose worker is killed mid-task, replaces the worker, and serves the next task', async () => {
    const spawned: Worker[] = []
    const p = pool(1, spawned)
    const running = p.run('hang')
    await new Promise((r) => setTimeout(r, 50))
    await spawned[0].terminate()
    const error = await running.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerCrashedError)
    // terminate() gives exit code 1, or 0 if the thread had not started running yet.
    expect((error as Error).message).toMatch(/^test worker stopped \(exit code [01]\) before answering$/)
    const next = await p.run('after')
    expect(spawned.length).toBe(2)
    expect(next).toBe(spawned[1].threadId)
    await p.close()
  })

  it('fails the task of a worker that exits on its own (process.exit in the thread)', async () => {
    const p = pool(1)
    await expect(p.run('exit')).rejects.toThrow('test worker stopped (exit code 137) before answering')
    expect(typeof (await p.run('ok'))).toBe('number')
    await p.close()
  })

  it('fails the task of a worker that runs out of memory, and keeps going', async () => {
    const p = pool(1)
    const error = await p.run('hog').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerCrashedError)
    expect((error as Error).message).toMatch(/^test worker crashed: .*out of memory/)
    expect(typeof (await p.run('ok'))).toBe('number')
    await p.close()
  }, 20_000)

  it('passes a handler error through as WorkerTaskError and keeps the worker', async () => {
    const spawned: Worker[] = []
    const p = pool(1, spawned)
    await expect(p.run('throw')).rejects.toEqual(new WorkerTaskError('bad task'))
    expect(await p.run('ok')).toBe(spawned[0].threadId)
    await p.close()
  })

  it('cancels a running task by terminating its worker, and a queued one without starting it', async () => {
    const spawned: Worker[] = []
    const p = pool(1, spawned)
    const stuck = p.start('hang')
    const queued = p.start('never')
    queued.cancel()
    stuck.cancel()
    await expect(stuck.result).rejects.toBeInstanceOf(TaskCancelledError)
    await expect(queued.result).rejects.toBeInstanceOf(TaskCancelledError)
    expect(await p.run('after')).toBe(spawned[1].threadId)
    await p.close()
  })

  it('fails everything waiting when a worker dies before its first answer (a broken entry is not respawned forever)', async () => {
    let spawns = 0
    const broken = () => {
      spawns++
      return new Worker(`throw new Error('cannot load the engine')`, { eval: true })
    }
    const p = new WorkerPool<string, number>(broken, { size: 1, label: 'test worker' })
    const results = await Promise.allSettled(['a', 'b', 'c'].map((t) => p.run(t)))
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(Array(3).fill('test worker crashed: cannot load the engine'))
    expect(spawns).toBe(1)
    await p.close()
  })
})
