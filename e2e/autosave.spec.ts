// Unsaved edits survive a crash: they are autosaved, and reopening the file offers them back.
import { expect, openExample, S3, test } from './lab-test'

test('edits survive a reload and can be restored', async ({ lab: page }) => {
  await openExample(page, S3)
  await page.locator('.monaco-editor .view-line', { hasText: /^\s*hlt\s*$/ }).click()
  await page.keyboard.press('End')
  await page.keyboard.type('  # edited before the crash')
  await expect(page.getByTestId('file-name')).toHaveText(`${S3}.yaml •`)
  await expect(page.getByTestId('autosaved')).toBeVisible()

  await page.reload()
  await openExample(page, S3)
  await expect(page.locator('.banner')).toContainText('Unsaved edits')
  await page.locator('.banner').getByRole('button', { name: 'Restore' }).click()
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('# edited before the crash')

  // Discarding the kept copy: the next open shows the file as it is on disk, with no offer.
  await openExample(page, S3)
  await page.locator('.banner').getByRole('button', { name: 'Discard' }).click()
  await openExample(page, S3)
  await expect(page.locator('.banner')).toHaveCount(0)
})
