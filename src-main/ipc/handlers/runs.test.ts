// Runs through real worker threads (the Node/tsx path) with the engine, on reference scenario S3.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import type { LabEvents, RunRequest } from '../contract'
import { ComparisonStore } from './comparison-store'
import { EngineWorkers, nodeWorkerFactory } from './engine-workers'
import { createRunsHandlers } from './runs'

const root = join(import.meta.dirname, '../../..')
const s3 = readFileSync(join(root, 'examples/s03-gd-fep-host-use-hw-bp.yaml'), 'utf8')
const runaway = readFileSync(join(root, 'e2e/fixtures/runaway.yaml'), 'utf8')

// One warm pool for the whole file: booting tsx workers is the slow part on a small machine.
const sharedWorkers = new EngineWorkers(nodeWorkerFactory, 2)
afterAll(() => sharedWorkers.close())

function setup(workers = sharedWorkers) {
  const events: Array<LabEvents['runs:progress']> = []
  const comparisons = new ComparisonStore()
  const runs = createRunsHandlers({ workers, emit: (e, p) => e === 'runs:progress' && events.push(p as LabEvents['runs:progress']), comparisons })
  return { runs, events, comparisons }
}

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  runId: 'run-1',
  text: s3,
  file: 's03.yaml',
  sides: [{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'fep' }],
  ...over,
})

describe('runs handlers', { timeout: 30_000 }, () => {
  it('runs A, B and the native reference in workers, compares, and keeps the result for reports', async () => {
    const { runs, events, comparisons } = setup()
    const response = await runs['runs:compare'](request())
    if (!response.ok) throw new Error(JSON.stringify(response.error))
    expect(response.compare.equal).toBe(false)
    // docs/reference/kvm-db-semantics.md S3: POST exits with KVM_EXIT_DEBUG, exception 1, dr6 0xffff2ff0; PRE does not exit for it.
    expect(response.compare.traces[1].exits[0]).toMatchObject({ reason: 'DEBUG', exception: 1, dr6: '0xffff2ff0' })
    expect(response.compare.traces[0].exits.map((e) => e.reason)).toEqual(['HLT'])
    // docs/reference/kvm-db-semantics.md S3 vs S3n: PRE/fep runs the MOV (no exit) where native exits; POST/fep exits like native
    // except for debug.arch.dr7, which the emulated path leaves stale (docs/reference/kvm-db-semantics.md §2.7).
    expect(response.reference.a.verdict).toBe('differs')
    expect(response.reference.b).toMatchObject({ verdict: 'fields', difference: expect.stringContaining('dr7') })
    expect(comparisons.get('run-1')).toBe(response.compare)
    expect(events.filter((e) => e.state === 'started').map((e) => e.label).sort()).toEqual(['A: pre/fep', 'B: post/fep', 'compare', 'native reference: pre', 'reference vs A', 'reference vs B'])
  })

  it('returns input errors with positions instead of throwing', async () => {
    const { runs } = setup()
    const text = 'schema: patchlab.scenario/1\nname: x\nguest:\n  asm: |\n    hlt\nbogus_key: 1\n'
    const response = await runs['runs:compare'](request({ text }))
    expect(response.ok).toBe(false)
    if (!response.ok && response.error.kind === 'input') expect(response.error.errors[0]).toMatchObject({ file: 's03.yaml', line: 6, column: 1, key: 'bogus_key' })
    else throw new Error('expected an input error')
  })

  it('cancels a runaway guest by terminating its workers', async () => {
    const { runs } = setup()
    const pending = runs['runs:compare'](request({ runId: 'run-away', text: runaway }))
    await new Promise((r) => setTimeout(r, 300))
    expect(runs['runs:cancel']({ runId: 'run-away' })).toEqual({ cancelled: true })
    expect(await pending).toEqual({ ok: false, runId: 'run-away', error: { kind: 'cancelled', message: 'run cancelled' } })
    expect(runs['runs:cancel']({ runId: 'run-away' })).toEqual({ cancelled: false })
  })

  it('reports a crashed worker as an error and keeps working', async () => {
    const crashing = new EngineWorkers(() => new Worker('process.exit(3)', { eval: true }), 1)
    const { runs } = setup(crashing)
    const response = await runs['runs:compare'](request())
    expect(response).toEqual({ ok: false, runId: 'run-1', error: { kind: 'crashed', message: 'engine worker stopped (exit code 3) before answering; this run failed, a fresh worker takes the next one' } })
    const healthy = setup()
    expect((await healthy.runs['runs:compare'](request())).ok).toBe(true)
  })

  it('fills the matrix: builds × {intel, amd} × {cap off, on} × {fep, native}', async () => {
    const { runs } = setup()
    const response = await runs['runs:matrix']({ runId: 'm-1', text: s3, file: 's3.yaml', builds: ['pre', 'post'] })
    if (!response.ok) throw new Error(JSON.stringify(response.error))
    expect(response.cells).toHaveLength(16)
    const native = response.cells.filter((c) => c.mode === 'native')
    expect(native.every((c) => c.native === undefined)).toBe(true)
    const fep = (build: string) => response.cells.find((c) => c.mode === 'fep' && c.build === build && c.vendor === 'intel' && !c.payloadCap)
    expect(fep('pre')?.native?.verdict).toBe('differs')
    expect(fep('post')?.native?.verdict).toBe('fields')
  })
})
