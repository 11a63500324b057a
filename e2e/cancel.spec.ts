// A runaway guest (`1: jmp 1b`, huge budget) is stopped by Cancel, and the app keeps working afterwards.
import { expect, openExample, runAndWait, S3, test } from './lab-test'

test('cancel a runaway guest, then run again', async ({ lab: page }) => {
  await openExample(page, 'runaway')
  await page.getByTestId('run').click()
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running')
  await expect(page.getByTestId('cancel')).toBeEnabled()
  await page.getByTestId('cancel').click()
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'cancelled', { timeout: 10_000 })
  await expect(page.getByTestId('run-error')).toHaveAttribute('data-kind', 'cancelled')

  await openExample(page, S3)
  await runAndWait(page)
  await expect(page.getByTestId('summary')).toHaveAttribute('data-equal', 'false')
})
