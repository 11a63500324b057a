// The app's figures (issue 4 §5), measured in Chromium and written to .reports/app-figures.json for `npm run bench`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, openExample, test } from './lab-test'
import { APP_FIGURES, EXAMPLES_DIR, REPORTS_DIR } from './paths'

const figures: Record<string, number> = {}

// Merged into the previous file, so running one figure (`-g`) keeps the others.
test.afterAll(() => {
  mkdirSync(REPORTS_DIR, { recursive: true })
  const previous = existsSync(APP_FIGURES) ? (JSON.parse(readFileSync(APP_FIGURES, 'utf8')) as { figures: Record<string, number> }).figures : {}
  writeFileSync(APP_FIGURES, `${JSON.stringify({ measured_at: new Date().toISOString(), figures: { ...previous, ...figures } }, null, 2)}\n`)
})

async function runAndMeasure(page: Page, timeout: number): Promise<{ state: string; renderMs: number; paintMs: number }> {
  await page.getByTestId('run').click()
  const app = page.locator('.app')
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', /done|failed|cancelled/, { timeout })
  const state = (await page.getByTestId('run-state').getAttribute('data-state')) ?? ''
  if (state !== 'done') return { state, renderMs: NaN, paintMs: NaN }
  await expect(app).toHaveAttribute('data-render-ms', /\d/, { timeout })
  return { state, renderMs: Number(await app.getAttribute('data-render-ms')), paintMs: Number(await app.getAttribute('data-paint-ms')) }
}

test('run → rendered comparison for every example', async ({ lab: page }) => {
  const names = readdirSync(EXAMPLES_DIR).filter((n) => n.endsWith('.yaml')).map((n) => n.replace(/\.yaml$/, '')).sort()
  const times: number[] = []
  for (const name of names) {
    await openExample(page, name)
    // The first run warms the handlers' workers; the figure is the steady state a reviewer sees.
    await runAndMeasure(page, 30_000)
    const { state, renderMs } = await runAndMeasure(page, 30_000)
    if (state === 'done') times.push(renderMs)
  }
  expect(times.length).toBeGreaterThan(0)
  times.sort((a, b) => a - b)
  figures.app_examples_measured = times.length
  figures.app_run_to_render_ms_median = times[Math.floor(times.length / 2)]
  figures.app_run_to_render_ms_max = times[times.length - 1]
})

test('100,000-event trace: first paint and scrolling', async ({ lab: page }) => {
  await openExample(page, 'loop-100k')
  const { state, renderMs, paintMs } = await runAndMeasure(page, 120_000)
  expect(state).toBe('done')
  const rows = Number((await page.getByTestId('row-count').textContent())?.match(/of ([\d,]+) rows/)?.[1].replace(/,/g, ''))
  expect(rows).toBeGreaterThanOrEqual(100_000)
  figures.app_100k_rows = rows
  // The loop never halts: both sides stop at the budget, and the summary says so.
  await expect(page.getByTestId('budget-reached')).toHaveCount(2)
  figures.app_100k_run_to_render_ms = renderMs
  figures.app_100k_first_paint_ms = paintMs

  // Scroll the whole list at a steady pace, one step per frame, and count frames that took over 1.5 frame times.
  const scroll = await page.getByTestId('trace').evaluate(
    (el) =>
      new Promise<{ frames: number; dropped: number; worstMs: number }>((resolve) => {
        // Runs in the page; the e2e tsconfig has no DOM lib, so name requestAnimationFrame through globalThis.
        const frame = (globalThis as unknown as { requestAnimationFrame: (cb: () => void) => number }).requestAnimationFrame.bind(globalThis)
        const steps = 240
        const stride = (el.scrollHeight - el.clientHeight) / steps
        let step = 0
        let last = performance.now()
        let dropped = 0
        let worst = 0
        const tick = () => {
          const now = performance.now()
          const gap = now - last
          last = now
          if (step > 0) {
            worst = Math.max(worst, gap)
            if (gap > 25) dropped++
          }
          if (step++ >= steps) return resolve({ frames: steps, dropped, worstMs: worst })
          el.scrollTop = step * stride
          frame(tick)
        }
        frame(tick)
      }),
  )
  await expect(page.locator('.trace-row').first()).toBeVisible()
  figures.app_100k_scroll_frames = scroll.frames
  figures.app_100k_scroll_dropped_frames = scroll.dropped
  figures.app_100k_scroll_worst_frame_ms = scroll.worstMs
})
