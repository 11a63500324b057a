// Issue 10 §2: a result belongs to the text and builds that produced it; edits, build changes, errors and
// cancels mark it stale; error banners belong to their input; exact empty states and verdicts.
import { expect, openExample, runAndWait, S3, test, VIEWPORTS } from './lab-test'

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport })

    test('an edit or a build change marks the result stale; Run again makes it current', async ({ lab: page }) => {
      await openExample(page, S3)
      await runAndWait(page)
      const result = page.getByTestId('result')
      await expect(result).toHaveAttribute('data-stale', 'false')
      await expect(page.getByTestId('stale')).toHaveCount(0)

      await page.locator('.monaco-editor .view-line').first().click()
      await page.keyboard.press('Control+End')
      await page.keyboard.type('# edited')
      await expect(page.getByTestId('stale')).toHaveAttribute('data-reason', 'edited')
      await expect(page.getByTestId('stale')).toContainText('Results are from the previous version — Run again')
      await expect(result).toHaveAttribute('data-stale', 'true')
      await expect(page.getByTestId('export-text')).toBeDisabled()
      await page.getByTestId('stale-run').click()
      await expect(page.getByTestId('stale')).toHaveCount(0)
      await expect(result).toHaveAttribute('data-stale', 'false')

      await page.getByTestId('build-b').fill('v3-03')
      await expect(page.getByTestId('stale')).toHaveAttribute('data-reason', 'builds')
      await page.getByTestId('build-b').fill('post')
      await expect(page.getByTestId('stale')).toHaveCount(0)
    })

    test('an error keeps the old result stale, and its banner leaves when the input changes', async ({ lab: page }) => {
      await openExample(page, S3)
      await runAndWait(page)
      await page.getByTestId('build-b').fill('pre+nope')
      await page.getByTestId('run').click()
      await expect(page.getByTestId('run-error')).toContainText("build: unknown patch 'nope'")
      await expect(page.getByTestId('run-error')).not.toContainText('<build>')
      await expect(page.getByTestId('result')).toHaveAttribute('data-stale', 'true')
      await page.getByTestId('build-b').fill('post')
      await expect(page.getByTestId('run-error')).toHaveCount(0)
      await expect(page.getByTestId('stale')).toHaveAttribute('data-reason', 'failed')

      // An empty build field is refused in words, naming the side, before anything is sent.
      await page.getByTestId('build-a').fill('')
      await page.getByTestId('run').click()
      await expect(page.getByTestId('run-error')).toHaveText('build: side A has no build: pick one (pre, post, v3-04 …) or type a stack such as pre+v3-05')
      // Another scenario: the banner and the old result (of S3) both go; the new one's description shows.
      await openExample(page, 's07-guest-code-bp-fep-nop')
      await expect(page.getByTestId('run-error')).toHaveCount(0)
      await expect(page.getByTestId('result')).toHaveCount(0)
      await expect(page.getByTestId('about')).toBeVisible()
    })

    test('a cancelled run leaves the previous result marked stale', async ({ lab: page }) => {
      await openExample(page, 'runaway')
      // A small budget first: a result of this scenario (its budget stops it).
      await page.locator('.knobs summary').click()
      await page.locator('.knobs input').fill('500')
      await runAndWait(page)
      await expect(page.getByTestId('verdict')).toHaveText('inconclusive: budget reached on A and B')
      await expect(page.getByTestId('budget-reached')).toHaveCount(2)
      await expect(page.getByTestId('budget-reached').first()).toHaveText('A: run stopped by its instruction budget (500)')
      await page.locator('.knobs input').fill('')
      await page.getByTestId('run').click()
      await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running')
      await page.getByTestId('cancel').click()
      await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'cancelled', { timeout: 10_000 })
      await expect(page.getByTestId('run-error')).toHaveAttribute('data-kind', 'cancelled')
      await expect(page.getByTestId('result')).toHaveAttribute('data-stale', 'true')
      await expect(page.getByTestId('stale')).toBeVisible()
    })

    test('exact verdicts and empty states: S7 is the same, S1 differs only in internal KVM steps', async ({ lab: page }) => {
      // docs/reference/kvm-db-semantics.md §4 table: S7 "=" on every variant; S1 "=" with POST writing DR6 from the payload at injection.
      await openExample(page, 's07-guest-code-bp-fep-nop')
      await runAndWait(page)
      await expect(page.getByTestId('verdict')).toHaveText('same')
      await expect(page.getByTestId('no-divergence')).toHaveText(/^no divergence in \d+ rows$/)
      await openExample(page, 's01-gd-fep-mov-dr0')
      await runAndWait(page)
      await expect(page.getByTestId('verdict')).toHaveText('same results, internal KVM steps differ')
      await expect(page.getByTestId('jump-first-divergence')).toBeVisible()
    })
  })
}
