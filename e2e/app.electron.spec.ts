// Track B: the real Electron app (preload, ipcMain, app:// origin). Skips where no Electron binary exists.
import { _electron as electron, expect, test } from '@playwright/test'
import { resolve } from 'node:path'
import { findElectronBinary } from './electron-binary'

const binary = findElectronBinary()

test.skip(!binary, 'no Electron binary on this machine (electron >= 42 downloads it lazily; set ELECTRON_OVERRIDE_DIST_PATH or run `npx install-electron` where there is network)')

test('the real app: app:// origin, sandboxed page, only the preload bridge', async () => {
  const app = await electron.launch({ args: [resolve(import.meta.dirname, '..')] })
  const page = await app.firstWindow()
  expect(new URL(page.url()).protocol).toBe('app:')
  // Evaluated in the page: no closures, so each callback names globalThis itself.
  const globals = await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>
    return { require: typeof g.require, process: typeof g.process, lab: Object.keys(g.lab ?? {}).sort() }
  })
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', lab: ['invoke', 'on', 'platform'] })
  await expect(page.getByTestId('examples')).toBeVisible()
  await app.close()
})
