// Track B: the real Electron app (preload, ipcMain, app:// origin). Skips where no Electron binary exists.
import { _electron as electron, expect, test } from '@playwright/test'
import { resolve } from 'node:path'
import { findElectronBinary } from './electron-binary'

const binary = findElectronBinary()

test.skip(!binary, 'no Electron binary on this machine (electron >= 42 downloads it lazily; set ELECTRON_OVERRIDE_DIST_PATH or run `npx install-electron` where there is network)')

test('the real app: sandboxed page, preload bridge only, S3 diverges', async () => {
  const app = await electron.launch({ args: [resolve(import.meta.dirname, '..')] })
  const page = await app.firstWindow()
  expect(new URL(page.url()).protocol).toBe('app:')
  expect(await page.evaluate(() => [typeof (window as { require?: unknown }).require, typeof (window as { process?: unknown }).process])).toEqual(['undefined', 'undefined'])
  expect(await page.evaluate(() => Object.keys(window.lab ?? {}).sort())).toEqual(['invoke', 'on', 'platform'])
  await expect(page.getByTestId('examples')).toBeVisible()
  await app.close()
})
