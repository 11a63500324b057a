// The browser-track test fixture: opens the tokened bridge URL and fails any spec that logs a console error.
import { test as base, expect, type Page } from '@playwright/test'

export const test = base.extend<{ lab: Page }>({
  lab: async ({ page }, use) => {
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    const url = process.env.PATCHLAB_URL
    if (!url) throw new Error('PATCHLAB_URL is not set: e2e/global-setup.ts did not run')
    await page.goto(url)
    await expect(page.getByTestId('examples').getByRole('button').first()).toBeVisible()
    // The first screen opens a scenario by itself (the last one, or the first example): wait until it has.
    await expect(page.getByTestId('file-name')).not.toHaveText('untitled.yaml')
    await use(page)
    expect(problems, 'console errors / page errors').toEqual([])
  },
})

export { expect }

/** The window sizes reviewers use (issue 10): a laptop and a desktop screen. */
export const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const

/** Trace rows drawn entirely inside the trace scroller, i.e. visible without scrolling. */
export async function visibleTraceRows(page: Page): Promise<number> {
  return page.getByTestId('trace').evaluate((scroller) => {
    const box = scroller.getBoundingClientRect()
    return [...scroller.querySelectorAll('.trace-row')].filter((row) => {
      const r = row.getBoundingClientRect()
      return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5
    }).length
  })
}

/** docs/reference/kvm-db-semantics.md §4 S3 as examples/ has it: the scenario of selftest 063a22451fd9. */
export const S3 = 's03-gd-fep-host-use-hw-bp'

/** Opens a library example and waits until the editor shows it. */
export async function openExample(page: Page, name: string): Promise<void> {
  await page.getByTestId('examples').getByRole('button', { name, exact: true }).click()
  await expect(page.getByTestId('file-name')).toHaveText(`${name}.yaml`)
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('name:')
}

/** Unfolds the summary strip (each side's DR6 values and exits, the reference, the result lists). */
export async function unfoldSummary(page: Page): Promise<void> {
  const toggle = page.getByTestId('summary-toggle')
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
}

export async function runAndWait(page: Page): Promise<void> {
  await page.getByTestId('run').click()
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', /done|failed|cancelled/, { timeout: 30_000 })
}
