// Track B: the real Electron app (preload, ipcMain, app:// origin, bundled worker). Skips where no Electron
// binary exists; it never triggers the lazy download of electron >= 42.
import { _electron as electron, expect, test } from '@playwright/test'
import { resolve } from 'node:path'
import { findElectronBinary } from './electron-binary'
import { S3 } from './lab-test'

const binary = findElectronBinary()

test.skip(!binary, 'no Electron binary on this machine (electron >= 42 downloads it lazily; set ELECTRON_OVERRIDE_DIST_PATH or run `npx install-electron` where there is network)')

test('the real app: app:// origin, sandboxed page, only the preload bridge, S3 diverges, bisect names v3-04', async () => {
  const app = await electron.launch({ args: [resolve(import.meta.dirname, '..')] })
  const page = await app.firstWindow()
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))

  expect(new URL(page.url()).protocol).toBe('app:')
  // Evaluated in the page: no closures, so the callback names globalThis itself.
  const globals = await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>
    return { require: typeof g.require, process: typeof g.process, lab: Object.keys(g.lab ?? {}).sort() }
  })
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', lab: ['invoke', 'on', 'platform'] })

  await page.getByTestId('examples').getByRole('button', { name: S3, exact: true }).click()
  await page.getByTestId('run').click()
  await expect(page.getByTestId('summary')).toHaveAttribute('data-equal', 'false', { timeout: 30_000 })
  await page.getByTestId('summary-toggle').click()
  await expect(page.getByTestId('summary-b')).toContainText('dr6=0xffff2ff0')
  // Bisect runs on the bundled worker chunk too (docs/reference/kvm-db-semantics.md §3 row 04/10).
  await page.getByTestId('which-patch').click()
  await expect(page.getByTestId('bisect-patch')).toHaveAttribute('data-patch', 'v3-04', { timeout: 30_000 })
  expect(problems).toEqual([])
  await app.close()
})
