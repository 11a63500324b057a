// Security policy shared by the Electron window and the browser bridge (no electron import here: the
// Electron objects are described by the few members used, so every rule is testable under plain Node).
import { join, normalize, sep } from 'node:path'

/** Monaco needs inline styles; scripts, workers and fonts come only from the app's own origin. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self'; " +
  "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

/** The custom scheme the app's pages are served from (instead of file://). */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://lab`

/** Electron's security checklist for the window: sandboxed, isolated, no Node anywhere, no webviews. */
export const WINDOW_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const

/** Only pages of our own origin may call IPC or be navigated to. Node's URL parser, never string prefixes. */
export function isTrustedAppUrl(url: string | undefined, devServerUrl?: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'lab') return true
  if (devServerUrl) {
    const dev = new URL(devServerUrl)
    return parsed.origin === dev.origin && (dev.hostname === 'localhost' || dev.hostname === '127.0.0.1')
  }
  return false
}

/** Links the app may hand to the system browser: https on kernel.org (lore.kernel.org mail archives, git, …). */
export function isAllowedExternalUrl(url: string | undefined): boolean {
  const parsed = parseUrl(url)
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false
  return parsed.hostname === 'kernel.org' || parsed.hostname.endsWith('.kernel.org')
}

/** The few members of Electron's WebContents that hardenWebContents uses. */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): void
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/**
 * No navigation away from the app, no new windows, no webviews. A kernel.org https link the page tries to
 * open or navigate to goes to the system browser instead (shell.openExternal), nothing else does.
 */
export function hardenWebContents(contents: HardenableContents, options: { devServerUrl?: string; openExternal(url: string): void }): void {
  const keepInApp = (event: { preventDefault(): void }, url: string) => {
    if (isTrustedAppUrl(url, options.devServerUrl)) return
    event.preventDefault()
    if (isAllowedExternalUrl(url)) options.openExternal(url)
  }
  contents.on('will-navigate', keepInApp)
  contents.on('will-redirect', keepInApp)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) options.openExternal(url)
    return { action: 'deny' }
  })
}

/** The file an app:// request may read: inside the built renderer, on host `lab`, else undefined (404). */
export function appProtocolFile(rendererDir: string, requestUrl: string): string | undefined {
  const parsed = parseUrl(requestUrl)
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== 'lab') return undefined
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname)
  } catch {
    return undefined
  }
  const file = normalize(join(rendererDir, pathname))
  return file.startsWith(rendererDir + sep) ? file : undefined
}

function parseUrl(url: string | undefined): URL | undefined {
  if (!url) return undefined
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}
