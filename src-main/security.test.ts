// One test per item of the Electron checklist the app keeps (docs: electron/docs/tutorial/security.md).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appProtocolFile, CONTENT_SECURITY_POLICY, hardenWebContents, isAllowedExternalUrl, isTrustedAppUrl, WINDOW_WEB_PREFERENCES, type HardenableContents } from './security'

const mainSource = readFileSync(join(import.meta.dirname, 'index.ts'), 'utf8')

describe('isTrustedAppUrl', () => {
  it('trusts the app origin only', () => {
    expect(isTrustedAppUrl('app://lab/index.html')).toBe(true)
    expect(isTrustedAppUrl('app://lab.evil/index.html')).toBe(false)
    expect(isTrustedAppUrl('not a url')).toBe(false)
    expect(isTrustedAppUrl(undefined)).toBe(false)
  })

  it('trusts a loopback dev server only when one is configured, by exact origin', () => {
    expect(isTrustedAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedAppUrl('http://localhost:5173/', undefined)).toBe(false)
    expect(isTrustedAppUrl('https://example.com/', 'https://example.com')).toBe(false)
  })
})

describe('Electron checklist', () => {
  it('sandbox, context isolation, no Node integration anywhere, no webviews (#2-#4, #11)', () => {
    expect(WINDOW_WEB_PREFERENCES).toEqual({
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
    })
    // The window uses exactly these (plus the preload), and nothing in main switches one off.
    expect(mainSource).toContain('webPreferences: { ...WINDOW_WEB_PREFERENCES, preload:')
    expect(mainSource).not.toMatch(/sandbox:\s*false|contextIsolation:\s*false|nodeIntegration:\s*true|webSecurity:\s*false/)
  })

  it('a CSP without eval or inline scripts, as a header and in the page (#7)', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]))
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['default-src']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(directives['base-uri']).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    const html = readFileSync(join(import.meta.dirname, '../src-renderer/index.html'), 'utf8')
    expect(html).toMatch(/http-equiv="Content-Security-Policy"\s+content="%PATCHLAB_CSP%"/)
    expect(mainSource).toContain("headers.set('content-security-policy', CONTENT_SECURITY_POLICY)")
  })

  it('denies every permission request (#5)', () => {
    expect(mainSource).toContain('setPermissionRequestHandler((_wc, _permission, callback) => callback(false))')
    expect(mainSource).toContain('setPermissionCheckHandler(() => false)')
  })

  describe('no navigation, no new windows, openExternal only for https kernel.org links (#12-#14)', () => {
    function harden() {
      const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>()
      let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined
      const opened: string[] = []
      const contents: HardenableContents = {
        on: (event: string, listener: never) => void listeners.set(event, listener),
        setWindowOpenHandler: (h) => void (openHandler = h),
      }
      hardenWebContents(contents, { openExternal: (url) => opened.push(url) })
      const navigate = (event: 'will-navigate' | 'will-redirect', url: string) => {
        let prevented = false
        listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url)
        return prevented
      }
      return { listeners, opened, navigate, open: (url: string) => openHandler?.({ url }) }
    }

    it('keeps navigation and redirects inside app://lab', () => {
      const h = harden()
      expect(h.navigate('will-navigate', 'app://lab/index.html')).toBe(false)
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'app://other/']) {
        expect(h.navigate('will-navigate', url)).toBe(true)
        expect(h.navigate('will-redirect', url)).toBe(true)
      }
      expect(h.opened).toEqual([])
    })

    it('denies every new window, handing only https kernel.org links to the system browser', () => {
      const h = harden()
      for (const url of ['https://lore.kernel.org/kvm/20250101.patch', 'https://evil.example/', 'http://lore.kernel.org/x', 'javascript:alert(1)', 'file:///etc/passwd']) expect(h.open(url)).toEqual({ action: 'deny' })
      expect(h.navigate('will-navigate', 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git')).toBe(true)
      expect(h.opened).toEqual(['https://lore.kernel.org/kvm/20250101.patch', 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git'])
    })

    it('refuses webviews', () => {
      const h = harden()
      let prevented = false
      h.listeners.get('will-attach-webview')?.({ preventDefault: () => (prevented = true) })
      expect(prevented).toBe(true)
    })

    it.each([
      ['https://lore.kernel.org/kvm/', true],
      ['https://kernel.org/', true],
      ['https://patchwork.kernel.org/project/kvm/list/', true],
      ['http://lore.kernel.org/', false],
      ['https://lore.kernel.org.evil.example/', false],
      ['https://evilkernel.org/', false],
      ['https://user:pw@lore.kernel.org/', false],
      ['https://lore.kernel.org:8443/', false],
      ['mailto:kvm@vger.kernel.org', false],
      ['not a url', false],
    ])('openExternal allows %s: %s', (url, allowed) => {
      expect(isAllowedExternalUrl(url)).toBe(allowed)
    })
  })

  it('serves app:// only from the built renderer (custom protocol instead of file://, #18)', () => {
    const dir = '/opt/patchlab/out/renderer'
    expect(appProtocolFile(dir, 'app://lab/')).toBe(`${dir}/index.html`)
    expect(appProtocolFile(dir, 'app://lab/assets/index.js')).toBe(`${dir}/assets/index.js`)
    // The URL parser resolves %2e%2e segments against the root; a decoded ..%2f is caught after decoding.
    expect(appProtocolFile(dir, 'app://lab/%2e%2e/%2e%2e/main/index.js')).toBe(`${dir}/main/index.js`)
    expect(appProtocolFile(dir, 'app://lab/..%2f..%2fetc%2fpasswd')).toBeUndefined()
    expect(appProtocolFile(dir, 'app://other/index.html')).toBeUndefined()
    expect(appProtocolFile(dir, 'app://lab/%E0%A4%A')).toBeUndefined()
  })
})
