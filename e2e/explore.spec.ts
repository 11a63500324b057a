// Differential exploration in the app: "Which patch changed this?" on S3, and a fixed-seed Explore campaign
// whose minimized case opens in the editor and runs side by side.
import { expect, openExample, runAndWait, S3, test } from './lab-test'

test('S3 pre vs post: "Which patch changed this?" names v3-04 with the values it changed', async ({ lab: page }) => {
  await openExample(page, S3)
  await runAndWait(page)
  await page.getByTestId('which-patch').click()
  // docs/reference/kvm-db-semantics.md §3 row 04/10 (51543660c521): a host GD under USE_HW_BP now exits with dr6 0xffff2ff0 (S3).
  const patch = page.getByTestId('bisect-patch')
  await expect(patch).toHaveAttribute('data-patch', 'v3-04', { timeout: 30_000 })
  await expect(patch).toContainText('Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR')
  await expect(patch).toContainText('51543660c521')
  await expect(patch).toContainText('v3-03 → v3-04')
  await page.getByTestId('bisect-toggle').click()
  await expect(page.getByTestId('bisect-diffs')).toContainText(/exits\[0\]: \(absent\) → DEBUG\(pc=0x[0-9a-f]+,dr6=0xffff2ff0\)/)

  // The same question from the first-divergence row, after swapping the sides: bisect explains why it cannot walk.
  await page.getByTestId('build-a').fill('post')
  await page.getByTestId('build-b').fill('pre')
  await runAndWait(page)
  await expect(page.getByTestId('bisect')).toHaveCount(0)
  await page.getByTestId('jump-first-divergence').click()
  await page.getByTestId('row-which-patch').click()
  await expect(page.getByTestId('bisect-not-applicable')).toContainText('swap the sides to walk from pre to post')
})

test('Explore: a fixed-seed campaign pre vs post finds clusters and opens a minimized case in the editor', async ({ lab: page }) => {
  await openExample(page, S3)
  await page.getByTestId('tab-explore').click()
  await expect(page.getByTestId('explore-build-a')).toHaveValue('pre')
  await expect(page.getByTestId('explore-build-b')).toHaveValue('post')
  await page.getByTestId('explore-seed').fill('1')
  await page.getByTestId('explore-count').fill('300')
  await page.getByTestId('explore-start').click()

  const summary = page.getByTestId('explore-summary')
  await expect(summary).toContainText('300 cases', { timeout: 30_000 })
  await expect(summary).toContainText(/\(\d[\d,]* scenarios\/s\), \d+ cluster\(s\)/)
  expect(Number(await summary.getAttribute('data-clusters'))).toBeGreaterThan(0)

  await page.getByTestId('explore-open-1').click()
  await expect(page.getByTestId('file-name')).toHaveText('fuzz-pre-post-seed1-cluster-01.yaml •')
  await expect(page.getByTestId('drafts')).toContainText('fuzz-pre-post-seed1-cluster-01')
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('fuzz pre vs post')
  // The case's expect blocks were filled from both builds' runs: run side by side, they diverge.
  await expect(page.getByTestId('build-a')).toHaveValue('pre')
  await expect(page.getByTestId('build-b')).toHaveValue('post')
  await runAndWait(page)
  await expect(page.getByTestId('summary')).toHaveAttribute('data-equal', 'false')
})

test('Explore: Stop ends a time-budgeted campaign and keeps what it found', async ({ lab: page }) => {
  await page.getByTestId('tab-explore').click()
  await page.getByTestId('explore-budget-time').check()
  await page.getByTestId('explore-seconds').fill('600')
  await page.getByTestId('explore-start').click()
  // Live progress: the case count moves while the campaign runs.
  const progress = page.getByTestId('explore-progress')
  await expect(progress).toContainText('scenarios/s', { timeout: 15_000 })
  const casesNow = async () => Number((await progress.textContent())?.match(/^\s*([\d,]+) cases/)?.[1].replace(/,/g, ''))
  const first = await casesNow()
  await expect.poll(casesNow).toBeGreaterThan(first)
  await page.getByTestId('explore-stop').click()
  await expect(page.getByTestId('explore-summary')).toContainText('stopped early', { timeout: 30_000 })
  await expect(page.getByTestId('explore-progress')).toHaveCount(0)
  await expect(page.getByTestId('explore-start')).toBeEnabled()
})
