// Issue 10 §1 at the window sizes reviewers use: trace rows visible after Run and after bisect, splitters that
// keep their size across a reload, maximise/restore, the first screen, and the dark theme.
import { SCREENSHOTS } from './paths'
import { expect, openExample, runAndWait, S3, test, VIEWPORTS, visibleTraceRows } from './lab-test'

/** 192 aligned rows, diverging at row 120; pre → post bisects to v3-01 (docs/reference/kvm-db-semantics.md §5, selftest b8284279b732). */
const LONG = 'selftest-b8284279b732-sti-tf-pending-bs'

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`
  const minimumRows = viewport.width === 1280 ? 12 : 25

  test.describe(size, () => {
    test.use({ viewport })

    test(`at least ${minimumRows} trace rows visible after Run and after "Which patch changed this?"`, async ({ lab: page }) => {
      await openExample(page, LONG)
      await runAndWait(page)
      // Run selects the first divergence and scrolls it into view.
      await expect(page.locator('.trace-row.selected')).toHaveAttribute('data-row', '119')
      await expect(page.locator('.trace-row.selected .col-index')).toContainText('120')
      expect(await visibleTraceRows(page)).toBeGreaterThanOrEqual(minimumRows)
      await page.getByTestId('which-patch').click()
      await expect(page.getByTestId('bisect-patch')).toHaveAttribute('data-patch', 'v3-01', { timeout: 30_000 })
      expect(await visibleTraceRows(page)).toBeGreaterThanOrEqual(minimumRows)
      // Both folded lines unfold on click and fold back.
      await page.getByTestId('summary-toggle').click()
      await expect(page.getByTestId('summary-detail')).toBeVisible()
      await page.getByTestId('summary-toggle').click()
      await page.getByTestId('bisect-toggle').click()
      await expect(page.getByTestId('bisect-steps')).toBeVisible()
      await page.getByTestId('bisect-toggle').click()
      await expect(page.getByTestId('bisect-steps')).toHaveCount(0)
      // Nothing covers the controls: Run is the element at its own centre.
      const run = await page.getByTestId('run').boundingBox()
      expect(run).not.toBeNull()
      const atRun = await page.evaluate(([x, y]) => (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { getAttribute(n: string): string | null } | null } }).document.elementFromPoint(x, y)?.getAttribute('data-testid'), [run!.x + run!.width / 2, run!.y + run!.height / 2])
      expect(atRun).toBe('run')
    })

    test('a dragged splitter keeps its size after a reload; a pane maximises and restores', async ({ lab: page }) => {
      await openExample(page, S3)
      await runAndWait(page)
      const editor = page.getByTestId('pane-editor')
      const before = (await editor.boundingBox())!.height
      const splitter = page.locator('.splitpanes--horizontal > .splitpanes__splitter').first()
      const box = (await splitter.boundingBox())!
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
      await page.mouse.down()
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 60, { steps: 6 })
      await page.mouse.up()
      const dragged = (await editor.boundingBox())!.height
      expect(dragged).toBeLessThan(before - 40)

      await page.reload()
      await expect(page.getByTestId('file-name')).toHaveText(`${S3}.yaml`)
      await expect.poll(async () => Math.abs((await editor.boundingBox())!.height - dragged)).toBeLessThan(3)

      await runAndWait(page)
      await page.getByTestId('maximise-trace').click()
      await expect.poll(async () => (await editor.boundingBox())?.height ?? 0).toBeLessThan(8)
      await expect.poll(async () => (await page.getByTestId('pane-library').boundingBox())?.width ?? 0).toBeLessThan(8)
      await page.getByTestId('maximise-trace').click()
      await expect.poll(async () => Math.abs((await editor.boundingBox())!.height - dragged)).toBeLessThan(3)
    })

    test('the first screen opens the last scenario, with what it shows and a Run button', async ({ lab: page }) => {
      // A fresh profile opened the first example by itself (the fixture waited for it).
      await expect(page.getByTestId('about')).toBeVisible()
      await expect(page.getByTestId('about-description')).toContainText('What this shows:')
      await openExample(page, S3)
      await expect(page.getByTestId('about-description')).toContainText('docs/reference/kvm-db-semantics.md §4 S3 (selftest 063a22451fd9)')
      await page.reload()
      await expect(page.getByTestId('file-name')).toHaveText(`${S3}.yaml`)
      await page.getByTestId('about-run').click()
      await expect(page.getByTestId('summary')).toHaveAttribute('data-verdict', 'diverges', { timeout: 30_000 })
    })

    test('dark theme: follows prefers-color-scheme, Monaco uses its dark theme, the toggle cycles', async ({ lab: page }) => {
      await page.emulateMedia({ colorScheme: 'dark' })
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
      await openExample(page, S3)
      await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs-dark/)
      await runAndWait(page)
      const background = await page.locator('body').evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor)
      expect(background).toBe('rgb(13, 17, 23)')
      // The README's dark screenshot shows what the light one does: S3's KVM_EXIT_DEBUG row selected.
      await page.locator('.trace-row').filter({ has: page.locator('.cell[data-side="b"]', { hasText: 'exit DEBUG (#DB, vector 1)' }) }).click()
      if (viewport.width === 1280) await page.screenshot({ path: SCREENSHOTS.dark })
      await page.emulateMedia({ colorScheme: 'light' })
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
      // system → light → dark → system
      const toggle = page.getByTestId('theme-toggle')
      await toggle.click()
      await expect(toggle).toHaveText('theme: light')
      await toggle.click()
      await expect(toggle).toHaveText('theme: dark')
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
      await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs-dark/)
      await toggle.click()
      await expect(toggle).toHaveText('theme: system')
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
    })
  })
}
