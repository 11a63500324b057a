// Electron main: window, app:// protocol, security wiring, IPC registration. Everything else is in ipc/handlers.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import engineWorkerPath from './ipc/handlers/engine-worker?modulePath'
import { createDispatch } from './ipc/dispatch'
import { engine } from './ipc/handlers/engine'
import { ENGINE_WORKER_LIMITS } from './ipc/handlers/engine-workers'
import { createHandlers } from './ipc/handlers'
import { registerIpc } from './ipc/register'
import { APP_ORIGIN, APP_SCHEME, appProtocolFile, CONTENT_SECURITY_POLICY, hardenWebContents, isTrustedAppUrl, WINDOW_WEB_PREFERENCES } from './security'

const rendererDir = join(import.meta.dirname, '../renderer')
const devServerUrl = process.env.ELECTRON_RENDERER_URL

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])

let window: BrowserWindow | undefined

function createWindow(): void {
  window = new BrowserWindow({
    width: 1440,
    height: 920,
    title: 'PatchLab',
    webPreferences: { ...WINDOW_WEB_PREFERENCES, preload: join(import.meta.dirname, '../preload/index.cjs') },
  })
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
}

/** Serves out/renderer under app://lab with the CSP as a header; nothing outside that folder is reachable. */
function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appProtocolFile(rendererDir, request.url)
    if (!file) return new Response('not found', { status: 404 })
    try {
      const response = await net.fetch(pathToFileURL(file).toString())
      const headers = new Headers(response.headers)
      headers.set('content-security-policy', CONTENT_SECURITY_POLICY)
      headers.set('x-content-type-options', 'nosniff')
      return new Response(response.body, { status: response.status, headers })
    } catch {
      return new Response('not found', { status: 404 })
    }
  })
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_e, contents) => {
    hardenWebContents(contents, { devServerUrl, openExternal: (url) => void shell.openExternal(url) })
  })
}

void app.whenReady().then(() => {
  const dataDir = app.getPath('userData')
  mkdirSync(dataDir, { recursive: true })
  const handlers = createHandlers({
    engine,
    spawn: () => new Worker(engineWorkerPath, { resourceLimits: ENGINE_WORKER_LIMITS }),
    emit: (event, payload) => window?.webContents.send(event, payload),
    examplesDir: join(app.getAppPath(), 'examples'),
    dataDir,
    dialog: {
      chooseOpen: async (kind) => {
        const filters = kind === 'scenario' ? [{ name: 'Scenario', extensions: ['yaml', 'yml'] }] : [{ name: 'Flat binary', extensions: ['bin', 'flat'] }]
        const result = window ? await dialog.showOpenDialog(window, { properties: ['openFile'], filters }) : undefined
        return result && !result.canceled ? result.filePaths[0] : null
      },
      chooseSave: async (suggestedName) => {
        const result = window ? await dialog.showSaveDialog(window, { defaultPath: suggestedName }) : undefined
        return result && !result.canceled && result.filePath ? result.filePath : null
      },
    },
  })
  registerIpc(ipcMain, createDispatch(handlers), (url) => isTrustedAppUrl(url, devServerUrl))
  lockDown()
  serveAppProtocol()
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

