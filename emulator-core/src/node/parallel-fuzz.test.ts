import { describe, expect, it } from 'vitest'
import { fakeRun } from '../explore/__fixtures__/fake-runner'
import { fuzzCampaign, type FuzzReport } from '../explore'
import { fuzzCampaignParallel } from './parallel-fuzz'

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
})
