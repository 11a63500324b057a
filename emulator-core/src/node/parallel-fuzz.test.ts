import { describe, expect, it } from 'vitest'
import { fakeRun } from '../explore/__fixtures__/fake-runner'
import { fuzzCampaign, type FuzzReport } from '../explore'
import { fuzzCampaignParallel } from './parallel-fuzz'
import { WorkerCrashedError } from './worker-pool'

const FAKE_RUNNER = { module: new URL('../explore/__fixtures__/fake-runner.ts', import.meta.url).href, export: 'fakeRun' }
const timeless = (r: FuzzReport) => ({ ...r, search_ms: 0, elapsed_ms: 0 })

describe('fuzzCampaignParallel (worker threads loading TypeScript through tsx)', () => {
  it('gives the in-thread report for the same seed and count, with 1 or 2 workers', async () => {
    const options = { builds: ['a', 'b'] as [string, string], seed: 5, count: 300 }
    const inThread = await fuzzCampaign(fakeRun, options)
    const one = await fuzzCampaignParallel(options, { jobs: 1, runner: FAKE_RUNNER, chunkSize: 32 })
    const two = await fuzzCampaignParallel(options, { jobs: 2, runner: FAKE_RUNNER, chunkSize: 17 })
    expect(timeless(one)).toEqual(timeless(inThread))
    expect(timeless(two)).toEqual(timeless(inThread))
    expect(inThread.clusters.length).toBeGreaterThan(1)
  }, 20_000)

  it('runs a prefix of the case sequence when stopped by time', async () => {
    const report = await fuzzCampaignParallel({ builds: ['a', 'b'], seed: 5, timeMs: 300 }, { jobs: 2, runner: FAKE_RUNNER, chunkSize: 50 })
    expect(report.cases % 50).toBe(0)
    expect(report.cases).toBeGreaterThan(0)
    const replay = await fuzzCampaign(fakeRun, { builds: ['a', 'b'], seed: 5, count: report.cases })
    expect(timeless(report)).toEqual(timeless(replay))
  }, 20_000)

  it('rejects with the worker error when the runner module is missing its export', async () => {
    const bad = { module: FAKE_RUNNER.module, export: 'noSuchRunner' }
    await expect(fuzzCampaignParallel({ builds: ['a', 'b'], seed: 1, count: 10 }, { jobs: 1, runner: bad })).rejects.toThrow(/noSuchRunner/)
  }, 20_000)

  it('fails the campaign with a clear error, without hanging, when a worker dies mid-search', async () => {
    const dying = { module: new URL('./__fixtures__/crashing-runner.ts', import.meta.url).href, export: 'dieOnRun600' }
    const error = await fuzzCampaignParallel({ builds: ['a', 'b'], seed: 5, count: 5_000 }, { jobs: 2, runner: dying, chunkSize: 20 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WorkerCrashedError)
    expect((error as Error).message).toBe('fuzz worker stopped (exit code 137) before answering')
  }, 20_000)
})
