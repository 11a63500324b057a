// Browser mode end to end (real handlers, real tsx engine workers, real HTTP): an engine worker killed in the
// middle of a run fails that run with a clear error, the pool replaces it, and the next run works.
import { mkdtempSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunResponse } from '../ipc/contract'
import { createDispatch } from '../ipc/dispatch'
import { createHandlers } from '../ipc/handlers'
import { engine } from '../ipc/handlers/engine'
import { nodeWorkerFactory } from '../ipc/handlers/engine-workers'
import { startBridge, TOKEN_HEADER } from './server'

const root = join(import.meta.dirname, '../..')
const runaway = readFileSync(join(root, 'e2e/fixtures/runaway.yaml'), 'utf8')
const s3 = readFileSync(join(root, 'examples/s03-gd-fep-host-use-hw-bp.yaml'), 'utf8')

describe('browser mode: a worker killed mid-run', async () => {
  const spawned: Worker[] = []
  const handlers = createHandlers({
    engine,
    spawn: () => {
      const worker = nodeWorkerFactory()
      spawned.push(worker)
      return worker
    },
    emit: () => undefined,
    examplesDir: join(root, 'examples'),
    dataDir: mkdtempSync(join(tmpdir(), 'patchlab-faults-')),
  })
  const bridge = await startBridge({ rendererDir: mkdtempSync(join(tmpdir(), 'patchlab-renderer-')), dispatch: createDispatch(handlers) })
  afterAll(() => bridge.close())

  const compare = (runId: string, text: string) =>
    new Promise<{ status: number; body: RunResponse }>((resolve, reject) => {
      const body = JSON.stringify({ runId, text, file: join(root, 'examples', 'x.yaml'), sides: [{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'fep' }] })
      const req = request({ host: '127.0.0.1', port: bridge.port, path: '/__ipc/runs:compare', method: 'POST', headers: { [TOKEN_HEADER]: bridge.token, 'content-type': 'application/json' } }, (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: (JSON.parse(text) as { value: RunResponse }).value }))
      })
      req.on('error', reject)
      req.end(body)
    })

  it('answers the run as crashed, then runs the next one on fresh workers', async () => {
    const running = compare('doomed', runaway)
    // Let the runaway guests start, then kill every worker the pool has spawned so far (the busy ones among them).
    await new Promise((r) => setTimeout(r, 1_500))
    const killed = spawned.length
    await Promise.all(spawned.map((w) => w.terminate()))
    const { status, body } = await running
    expect(status).toBe(200)
    expect(body).toEqual({
      ok: false,
      runId: 'doomed',
      error: { kind: 'crashed', message: expect.stringMatching(/^engine worker stopped \(exit code [01]\) before answering; this run failed, a fresh worker takes the next one$/) },
    })
    const next = await compare('after', s3)
    expect(next.status).toBe(200)
    expect(next.body.ok).toBe(true)
    expect(spawned.length).toBeGreaterThan(killed)
  }, 60_000)
})
