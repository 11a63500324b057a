// Open S3 (selftest 063a22451fd9), run pre vs post, see the divergence and jump to it.
import { SCREENSHOTS } from './paths'
import { expect, openExample, runAndWait, S3, test, unfoldSummary } from './lab-test'

// The README's light screenshot, at the laptop size.
test.use({ viewport: { width: 1280, height: 720 } })

test('S3 (063a22451fd9): pre runs the MOV DR, post exits with KVM_EXIT_DEBUG dr6 0xffff2ff0', async ({ lab: page }) => {
  await openExample(page, S3)
  await expect(page.getByTestId('build-a')).toHaveValue('pre')
  await expect(page.getByTestId('build-b')).toHaveValue('post')
  await runAndWait(page)

  const summary = page.getByTestId('summary')
  await expect(summary).toHaveAttribute('data-equal', 'false')
  await expect(summary.locator('.verdict')).toContainText('diverges')
  await unfoldSummary(page)
  // docs/reference/kvm-db-semantics.md §4 S3 / §3 row 09/10: POST exits with exception 1, pc = X, dr6 0xffff2ff0; PRE halts normally.
  await expect(page.getByTestId('summary-b')).toContainText('DEBUG')
  await expect(page.getByTestId('summary-b')).toContainText('dr6=0xffff2ff0')
  await expect(page.getByTestId('summary-a')).toContainText('halted')

  const jump = page.getByTestId('jump-first-divergence')
  const firstRow = Number((await jump.textContent())?.match(/row (\d+)/)?.[1]) - 1
  await jump.click()
  const selected = page.locator('.trace-row.selected')
  await expect(selected).toHaveCount(1)
  await expect(selected).toHaveAttribute('data-row', String(firstRow))
  await expect(selected).toHaveAttribute('data-status', /changed|only-a|only-b/)
  await expect(selected.locator('.cell.divergent').first()).toBeVisible()

  const exitRow = page.locator('.trace-row').filter({ has: page.locator('.cell[data-side="b"]', { hasText: /exit DEBUG \(#DB, vector 1\) pc=0x[0-9a-f]+ dr6=0xffff2ff0 \(BD\)/ }) })
  await expect(exitRow).toHaveCount(1)
  await expect(exitRow).toHaveAttribute('data-status', /changed|only-b/)
  await exitRow.click()
  await expect(page.getByTestId('row-detail')).toContainText('0xffff2ff0')

  await page.getByTestId('summary-toggle').click()
  await page.screenshot({ path: SCREENSHOTS.light })
})
