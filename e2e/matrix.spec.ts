// The matrix of S3: on Intel, PRE's emulated MOV DR disagrees with the native MOV-DR exit; POST exits the
// same way, with only the stale debug.arch.dr7 differing (docs/reference/kvm-db-semantics.md §4 S3 vs S3n, §2.7).
import { expect, openExample, S3, test } from './lab-test'

test('S3 matrix: pre/fep differs from native, post/fep differs only in the stale dr7 (intel)', async ({ lab: page }) => {
  await openExample(page, S3)
  await page.getByTestId('tab-matrix').click()
  await page.getByTestId('run-matrix').click()
  const cell = (id: string) => page.locator(`[data-cell="${id}"]`)
  await expect(cell('pre/fep/intel/cap-off')).toHaveAttribute('data-tone', 'disagree', { timeout: 60_000 })
  await expect(cell('post/fep/intel/cap-off')).toHaveAttribute('data-tone', 'fields')
  await expect(cell('post/fep/intel/cap-off')).toHaveAttribute('title', /dr7/)
  await expect(cell('pre/native/intel/cap-off')).toHaveAttribute('data-tone', 'reference')
  await expect(cell('post/fep/intel/cap-on')).toHaveAttribute('data-tone', 'fields')
})

test('Ctrl+Enter runs the comparison from outside the editor', async ({ lab: page }) => {
  await openExample(page, S3)
  await page.getByTestId('file-name').click()
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('summary')).toHaveAttribute('data-equal', 'false', { timeout: 30_000 })
})
