// `npm run serve`: browser mode for a remote box without a display. Prints the tokened URL to open.
import { mkdirSync } from 'node:fs'
import open from 'open'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { createDispatch } from '../ipc/dispatch'
import { engine } from '../ipc/handlers/engine'
import { nodeWorkerFactory } from '../ipc/handlers/engine-workers'
import { createHandlers } from '../ipc/handlers'
import { startBridge } from './server'

const root = resolve(import.meta.dirname, '../..')
const dataDir = process.env.PATCHLAB_DATA_DIR ?? join(homedir(), '.local', 'share', 'patchlab')
mkdirSync(dataDir, { recursive: true })

const handlers = createHandlers({
  engine,
  spawn: nodeWorkerFactory,
  // Progress only flows once a run starts, by which time the bridge below exists.
  emit: (event, payload) => bridge.emit(event, payload),
  examplesDir: join(root, 'examples'),
  dataDir,
})
const bridge = await startBridge({
  rendererDir: join(root, 'out', 'renderer'),
  dispatch: createDispatch(handlers),
  port: process.env.PATCHLAB_PORT ? Number(process.env.PATCHLAB_PORT) : 0,
})
process.stdout.write(`PatchLab (browser mode) on ${bridge.url}\n`)
process.stdout.write('Bound to 127.0.0.1 only; from another machine use: ssh -L <port>:127.0.0.1:<port> <host>\n')
// Open it for the user where there is a screen to open it on (PATCHLAB_NO_OPEN=1 keeps it closed).
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
if (hasDisplay && !process.env.PATCHLAB_NO_OPEN && !process.env.CI) {
  open(bridge.url).catch(() => process.stdout.write('(could not open a browser: open the URL above yourself)\n'))
}
