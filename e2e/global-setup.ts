// Starts the real HTTP bridge (the same handlers and worker threads as `npm run serve`) for the browser specs.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startBridge } from '../src-main/bridge/server'
import { createDispatch } from '../src-main/ipc/dispatch'
import { createHandlers } from '../src-main/ipc/handlers'
import { engine } from '../src-main/ipc/handlers/engine'
import { nodeWorkerFactory } from '../src-main/ipc/handlers/engine-job'
import { E2E_EXAMPLES_DIR } from './paths'

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = resolve(import.meta.dirname, '..')
  const handlers = createHandlers({
    engine,
    spawn: nodeWorkerFactory,
    // Progress only flows once a run starts, by which time the bridge below exists.
    emit: (event, payload) => bridge.emit(event, payload),
    examplesDir: E2E_EXAMPLES_DIR,
    dataDir: mkdtempSync(join(tmpdir(), 'patchlab-e2e-')),
  })
  const bridge = await startBridge({ rendererDir: join(root, 'out', 'renderer'), dispatch: createDispatch(handlers) })
  process.env.PATCHLAB_URL = bridge.url
  return () => bridge.close()
}
