// The app's view of the worker pool: every way a task can fail is a RunFailure the UI can show.
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import type { EngineTask } from './engine-tasks'
import { EngineWorkers } from './engine-workers'

/** Answers with its thread id, or never answers when the task's text is `hang`. */
const echo = () =>
  new Worker(
    `const { parentPort, threadId } = require('node:worker_threads')
     parentPort.on('message', ({ id, request }) => { if (request.text !== 'hang') parentPort.postMessage({ id, ok: { ok: true, value: threadId } }) })`,
    { eval: true },
  )

const task = (text: string): EngineTask => ({ task: 'check', text, file: 'x.yaml' })

describe('EngineWorkers', () => {
  it('reuses a warm worker for the next task', async () => {
    const workers = new EngineWorkers(echo, 1)
    const first = await workers.start(task('a')).result
    const second = await workers.start(task('b')).result
    expect(first.ok && second.ok && first.value === second.value).toBe(true)
    await workers.close()
  })

  it('cancels by terminating the worker, then serves the next task from a fresh one', async () => {
    const workers = new EngineWorkers(echo, 1)
    const stuck = workers.start(task('hang'))
    stuck.cancel()
    expect(await stuck.result).toEqual({ ok: false, error: { kind: 'cancelled', message: 'run cancelled' } })
    expect((await workers.start(task('after')).result).ok).toBe(true)
    await workers.close()
  })

  it('turns a worker killed mid-run into a crash result and replaces it', async () => {
    const spawned: Worker[] = []
    const workers = new EngineWorkers(() => {
      const w = echo()
      spawned.push(w)
      return w
    }, 1)
    const running = workers.start(task('hang'))
    await new Promise((r) => setTimeout(r, 50))
    await spawned[0].terminate()
    expect(await running.result).toEqual({
      ok: false,
      error: { kind: 'crashed', message: expect.stringMatching(/^engine worker stopped \(exit code [01]\) before answering; this run failed, a fresh worker takes the next one$/) },
    })
    expect(await workers.start(task('after')).result).toEqual({ ok: true, value: spawned[1].threadId })
    await workers.close()
  })

  it('turns an uncaught error in the worker into a crash result', async () => {
    const workers = new EngineWorkers(() => new Worker(`require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom') })`, { eval: true }), 1)
    expect(await workers.start(task('x')).result).toEqual({
      ok: false,
      error: { kind: 'crashed', message: 'engine worker crashed: boom; this run failed, a fresh worker takes the next one' },
    })
    await workers.close()
  })
})
