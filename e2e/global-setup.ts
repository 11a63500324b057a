// Starts the real HTTP bridge (the same handlers and worker threads as `npm run serve`) for the browser specs.
// The library it serves is examples/*.yaml plus the e2e fixtures (S3 and a runaway guest).
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startBridge } from '../src-main/bridge/server'
import { createDispatch } from '../src-main/ipc/dispatch'
import { createHandlers } from '../src-main/ipc/handlers'
import { engine } from '../src-main/ipc/handlers/engine'
import { nodeWorkerFactory } from '../src-main/ipc/handlers/engine-workers'
import { E2E_FIXTURES_DIR, EXAMPLES_DIR } from './paths'

function libraryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchlab-e2e-library-'))
  for (const source of [EXAMPLES_DIR, E2E_FIXTURES_DIR].filter(existsSync))
    for (const name of readdirSync(source).filter((n) => /\.ya?ml$/.test(n))) copyFileSync(join(source, name), join(dir, name))
  return dir
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = resolve(import.meta.dirname, '..')
  const handlers = createHandlers({
    engine,
    spawn: nodeWorkerFactory,
    // Progress only flows once a run starts, by which time the bridge below exists.
    emit: (event, payload) => bridge.emit(event, payload),
    examplesDir: libraryDir(),
    dataDir: mkdtempSync(join(tmpdir(), 'patchlab-e2e-')),
  })
  const bridge = await startBridge({ rendererDir: join(root, 'out', 'renderer'), dispatch: createDispatch(handlers) })
  process.env.PATCHLAB_URL = bridge.url
  return () => bridge.close()
}
