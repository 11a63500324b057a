// The campaign driver with in-process fake workers: how it hands out cases, stops, and fails.
import { describe, expect, it } from 'vitest'
import type { ChunkResult } from '@patchlab/emulator-core/explore'
import type { EngineTask, EngineTaskResult } from './engine-tasks'
import type { EngineWorkers } from './engine-workers'
import { runCampaign } from './fuzz-campaign'

/** Answers chunks with no divergence after a macrotask, recording which case ranges were asked for. */
function fakeWorkers(answer: (t: EngineTask) => EngineTaskResult) {
  const asked: Array<[number, number]> = []
  const workers: Pick<EngineWorkers, 'start'> = {
    start: (t) => {
      if (t.task === 'fuzz-chunk') asked.push([t.start, t.end])
      return { result: new Promise((r) => setTimeout(() => r(answer(t)), 1)), cancel: () => undefined }
    },
  }
  return { workers, asked }
}

const emptyChunk = (t: EngineTask): EngineTaskResult => {
  if (t.task !== 'fuzz-chunk') throw new Error(`unexpected task ${t.task}`)
  return { ok: true, value: { start: t.start, end: t.end, divergences: [], rejected: 0, rejections: [] } satisfies ChunkResult }
}

const hooks = (signal = new AbortController().signal) => ({ jobs: 3, signal, onProgress: () => undefined })

describe('runCampaign', () => {
  it('hands out cases 0 … count-1 in 64-case chunks, the last one short', async () => {
    const { workers, asked } = fakeWorkers(emptyChunk)
    const report = await runCampaign(workers, { builds: ['pre', 'post'], seed: 1, count: 150 }, hooks())
    expect(asked).toEqual([[0, 64], [64, 128], [128, 150]])
    expect(report).toMatchObject({ cases: 150, interrupted: false, clusters: [] })
  })

  it('stops handing out cases once aborted, and says it was interrupted', async () => {
    const { workers, asked } = fakeWorkers(emptyChunk)
    const stop = new AbortController()
    const pending = runCampaign(workers, { builds: ['pre', 'post'], seed: 1, timeMs: 60_000 }, { ...hooks(stop.signal), onProgress: (p) => p.cases >= 640 && stop.abort() })
    const report = await pending
    expect(report).toMatchObject({ interrupted: true })
    if ('cases' in report) expect(report.cases).toBe(asked.length * 64)
  })

  it('returns the failure of a crashed task instead of a report, and starts no more tasks', async () => {
    const { workers, asked } = fakeWorkers(() => ({ ok: false, error: { kind: 'crashed', message: 'engine worker exited with code 3 before answering' } }))
    const outcome = await runCampaign(workers, { builds: ['pre', 'post'], seed: 1, timeMs: 60_000 }, hooks())
    expect(outcome).toEqual({ kind: 'crashed', message: 'engine worker exited with code 3 before answering' })
    // One chunk per lane was in flight when the first answer came back; none was started after it.
    await new Promise((r) => setTimeout(r, 20))
    expect(asked).toEqual([[0, 64], [64, 128], [128, 192]])
  })

  it('rejects a campaign without a budget before starting', async () => {
    const { workers, asked } = fakeWorkers(emptyChunk)
    expect(await runCampaign(workers, { builds: ['pre', 'post'], seed: 1 }, hooks())).toEqual({ kind: 'engine', message: 'a fuzz campaign needs a budget: count or timeMs' })
    expect(asked).toEqual([])
  })
})
