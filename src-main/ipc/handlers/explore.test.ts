// explore:* through real worker threads (the Node/tsx path) with the engine.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fuzzCampaign } from '@patchlab/emulator-core/explore'
import { runScenario } from '@patchlab/emulator-core'
import { serializeScenario } from '@patchlab/emulator-core/scenario'
import type { BisectRequest, FuzzProgressEvent } from '../contract'
import { EngineWorkers, nodeWorkerFactory } from './engine-workers'
import { createExploreHandlers } from './explore'

const root = join(import.meta.dirname, '../../..')
const s3 = readFileSync(join(root, 'examples/s03-gd-fep-host-use-hw-bp.yaml'), 'utf8')

const workers = new EngineWorkers(nodeWorkerFactory, 2)
afterAll(() => workers.close())

function setup(jobs = 2) {
  const progress: FuzzProgressEvent[] = []
  const explore = createExploreHandlers({ workers, jobs, emit: (e, p) => e === 'explore:progress' && progress.push(p as FuzzProgressEvent) })
  return { explore, progress }
}

const bisectRequest = (sides: BisectRequest['sides']): BisectRequest => ({ runId: 'b-1', text: s3, file: 's03.yaml', sides })

describe('explore handlers', { timeout: 60_000 }, () => {
  it('names v3-04 as the patch that changes S3 between pre and post, with its values', async () => {
    const { explore } = setup()
    const response = await explore['explore:bisect'](bisectRequest([{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'fep' }]))
    if (!response.ok) throw new Error(JSON.stringify(response.error))
    const { bisect } = response
    expect(bisect.steps.map((s) => s.build)).toEqual(['pre', 'v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05', 'v3-06', 'post'])
    // docs/reference/kvm-db-semantics.md §3 row 04/10: 51543660c521 makes a host GD under USE_HW_BP exit with dr6 0xffff2ff0 (S3).
    expect(bisect.firstChange).toMatchObject({
      patch: 'v3-04',
      subject: 'KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR (in emulator)',
      commit: '51543660c521',
      before: 'v3-03',
      after: 'v3-04',
    })
    // docs/reference/kvm-db-semantics.md S3: pre runs the MOV (no exit, halts); post exits with KVM_EXIT_DEBUG dr6 0xffff2ff0, RIP stays at X.
    expect(bisect.firstChange?.signature).toContain('exits: HLT → DEBUG(dr6=0xffff2ff0)')
    const diffs = new Map(bisect.firstChange?.diffs.map((d) => [d.path, d]) ?? [])
    const debugExit = bisect.firstChange?.diffs.find((d) => d.path === 'exits[0]' && d.b !== undefined)?.b
    expect(debugExit).toMatch(/^DEBUG\(pc=(0x[0-9a-f]+),dr6=0xffff2ff0\)$/)
    expect(diffs.get('final.rip')?.b).toBe(/pc=(0x[0-9a-f]+)/.exec(debugExit ?? '')?.[1])
    expect(diffs.get('outcome')).toEqual({ path: 'outcome', a: 'halted', b: 'stopped' })
    expect(bisect.steps.filter((s) => s.change).map((s) => s.patch)).toEqual(['v3-04'])
  })

  it('explains why bisect does not apply instead of walking', async () => {
    const { explore } = setup()
    const cases: Array<[BisectRequest['sides'], string]> = [
      [[{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'native' }], 'side A runs in fep mode and side B in native'],
      [[{ build: 'post', mode: 'fep' }, { build: 'pre', mode: 'fep' }], 'swap the sides to walk from pre to post'],
      [[{ build: 'v3-02', mode: 'fep' }, { build: 'pre+v3-01+v3-02', mode: 'fep' }], 'both sides run the same build (pre + v3-01 + v3-02)'],
      [[{ build: 'pre+v3-05', mode: 'fep' }, { build: 'post', mode: 'fep' }], 'the two stacks are not steps of one series'],
    ]
    for (const [sides, reason] of cases) {
      const response = await explore['explore:bisect'](bisectRequest(sides))
      expect(response.ok).toBe(false)
      if (!response.ok) expect(response.error).toEqual({ kind: 'not-applicable', message: expect.stringContaining(reason) })
    }
  })

  it('reports an unknown build as an error of the run, not as a crash', async () => {
    const { explore } = setup()
    const response = await explore['explore:bisect'](bisectRequest([{ build: 'pre', mode: 'fep' }, { build: 'nosuch', mode: 'fep' }]))
    expect(response.ok).toBe(false)
    if (!response.ok) expect(response.error.kind === 'engine' || response.error.kind === 'input').toBe(true)
  })

  it('runs a fixed-seed campaign pre vs post and returns minimized clusters as scenario YAML', async () => {
    const { explore, progress } = setup()
    const response = await explore['explore:fuzz']({ runId: 'f-1', builds: ['pre', 'post'], seed: 1, count: 300 })
    if (!response.ok) throw new Error(JSON.stringify(response.error))
    const { report } = response
    expect(report).toMatchObject({ builds: ['pre', 'post'], seed: 1, mode: 'fep', cases: 300, interrupted: false })
    expect(report.clusters.length).toBeGreaterThan(0)
    for (const cluster of report.clusters) {
      expect(cluster.yaml).toMatch(/^schema: patchlab\.scenario\/1$/m)
      expect(cluster.yaml).toContain('pre/fep:')
      expect(cluster.yaml).toContain('post/fep:')
      expect(cluster.instructions).toBeLessThanOrEqual(6)
    }
    expect(report.clusters[0].name).toBe('fuzz-pre-post-seed1-cluster-01.yaml')
    expect(progress.every((p) => p.runId === 'f-1')).toBe(true)
    // The switch to minimizing is announced with the search's final figures.
    const minimizing = progress.find((p) => p.minimized === 0)
    expect(minimizing).toMatchObject({ cases: 300, clusters: report.clusters.length })
  })

  it('gives the report the in-thread fuzzCampaign gives for the same seed and count, whatever the number of workers', async () => {
    const expected = await fuzzCampaign(runScenario, { builds: ['pre', 'post'], seed: 7, count: 150 })
    for (const jobs of [1, 3]) {
      const response = await setup(jobs).explore['explore:fuzz']({ runId: `f-det-${jobs}`, builds: ['pre', 'post'], seed: 7, count: 150 })
      if (!response.ok) throw new Error(JSON.stringify(response.error))
      expect(response.report.cases).toBe(expected.cases)
      expect(response.report.clusters.map((c) => [c.signature, c.count, c.firstCase, c.instructions, c.reference, c.yaml])).toEqual(
        expected.clusters.map((c) => [c.signature, c.count, c.first_case, c.instructions, c.reference, serializeScenario(c.scenario)]),
      )
    }
  })

  it('stops a time-budgeted campaign on request and keeps what it found', async () => {
    const { explore, progress } = setup()
    const pending = explore['explore:fuzz']({ runId: 'f-stop', builds: ['pre', 'post'], seed: 3, timeMs: 600_000 })
    while (progress.length === 0) await new Promise((r) => setTimeout(r, 20))
    expect(explore['explore:stop']({ runId: 'f-stop' })).toEqual({ stopped: true })
    const response = await pending
    if (!response.ok) throw new Error(JSON.stringify(response.error))
    expect(response.report.interrupted).toBe(true)
    expect(response.report.cases).toBeGreaterThan(0)
    expect(response.report.cases % 64).toBe(0)
    expect(progress[0]).toMatchObject({ runId: 'f-stop' })
    expect(explore['explore:stop']({ runId: 'f-stop' })).toEqual({ stopped: false })
  })
})
