// Issue 10 §3–§5: decoded DR6/DR7 values with bit-table hovers (S1, S3, S7), the trace view (folded repeats,
// filters, one-based rows), and the controls (build combobox, Swap A/B, keyboard, Tab order, matrix, fuzz).
import { readFile } from 'node:fs/promises'
import type { FileChooser } from '@playwright/test'
import { expect, openExample, runAndWait, S3, test, unfoldSummary, VIEWPORTS } from './lab-test'

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport })

    test('decoded debug state: S3 KVM_EXIT_DEBUG, S1 guest #DB with BD, S7 DR7 G0 exec and DR6 B0', async ({ lab: page }) => {
      // docs/reference/kvm-db-semantics.md §4 S3, POST: KVM_EXIT_DEBUG exception 1, pc X, dr6 0xffff2ff0; BD is DR6 bit 13 (SDM Figure 18-1).
      await openExample(page, S3)
      await runAndWait(page)
      const exit = page.locator('.cell[data-side="b"]', { hasText: 'exit DEBUG (#DB, vector 1)' }).first()
      await expect(exit).toContainText('dr6=0xffff2ff0 (BD)')
      await expect(exit.locator('.decoded', { hasText: 'dr6=0xffff2ff0 (BD)' })).toHaveAttribute('title', /bit 13 +BD +=\s*1 .*BD: debug register access detected/)
      await unfoldSummary(page)
      await expect(page.getByTestId('summary-b')).toContainText('DEBUG (#DB, vector 1) pc=0x100005 dr6=0xffff2ff0 (BD)')
      // S3's VMM reads the debug registers after the exit: that DR6 is listed apart from the guest handler's.
      await expect(page.getByTestId('summary-vmm-dr6-b')).toContainText('DR6 from KVM_GET_DEBUGREGS: 0xffff0ff0 (none)')
      await expect(page.getByTestId('summary-b')).toContainText('DR6 read by the guest handler: —')
      // The UD2 of the FEP prefix, in the SDM's words.
      await expect(page.locator('.trace-row[data-row="0"] .cell[data-side="a"]')).toContainText('#UD raised by UD2')

      // docs/reference/kvm-db-semantics.md §4 S1: guest #DB at X, DR6 0xffff2ff0, DR7 0x2400 (GD, bit 13) → 0x400.
      await openExample(page, 's01-gd-fep-mov-dr0')
      await runAndWait(page)
      await unfoldSummary(page)
      await expect(page.getByTestId('summary-a')).toContainText('DR6 read by the guest handler: 0xffff2ff0 (BD)')
      await expect(page.getByTestId('summary-b')).toContainText('DR6 read by the guest handler: 0xffff2ff0 (BD)')
      // The #DB cleared DR7.GD (SDM §18.2.4): both sides end with DR7 0x400, nothing enabled.
      await expect(page.getByTestId('final-state').locator('tr[data-field="dr7"] td').nth(1)).toHaveText('0x400 (none)')

      // docs/reference/kvm-db-semantics.md §4 S7: guest DR0 = X, DR7 0x402 (G0, bit 1, R/W0 = LEN0 = 0: execute), #DB at X with DR6 0xffff0ff1 (B0).
      await openExample(page, 's07-guest-code-bp-fep-nop')
      await runAndWait(page)
      await unfoldSummary(page)
      await expect(page.getByTestId('summary-a')).toContainText('DR6 read by the guest handler: 0xffff0ff1 (B0)')
      const dr7 = page.getByTestId('final-state').locator('tr[data-field="dr7"] td').first()
      await expect(dr7).toHaveText('0x402 (G0 exec)')
      await expect(dr7).toHaveAttribute('title', /G0/)
    })

    test('a repeated KVM_EXIT_DEBUG folds into one row (× N) that unfolds; filters', async ({ lab: page }) => {
      // S3 without the VMM's stop: POST exits again at the same pc on every KVM_RUN (docs/reference/kvm-db-semantics.md §4 S3) until the
      // exit budget (64) stops it at the 65th exit; the first carries debug.arch.dr7 0x0 (not updated, §2.7),
      // so 64 identical rows remain.
      await openExample(page, 'repeat-debug-exit')
      await runAndWait(page)
      await expect(page.getByTestId('verdict')).toHaveText('inconclusive: budget reached on B')
      await expect(page.getByTestId('budget-reached')).toHaveText('B: run stopped by its exit budget (64)')
      const folded = page.locator('.trace-row[data-repeat]')
      await expect(folded).toHaveCount(1)
      await expect(folded).toHaveAttribute('data-repeat', '64')
      await expect(folded.getByTestId('row-repeat')).toHaveText('▸ × 64')
      await expect(folded.locator('.cell[data-side="b"]')).toContainText('exit DEBUG (#DB, vector 1) pc=0x100005 dr6=0xffff2ff0 (BD)')
      const first = Number(await folded.getAttribute('data-row'))
      await folded.getByTestId('row-repeat').click()
      await expect(page.locator('.trace-row.repeated').first()).toHaveAttribute('data-row', String(first + 1))
      await page.getByTestId('row-repeat').click()
      await expect(page.locator('.trace-row.repeated')).toHaveCount(0)

      // Only rows that differ: the one same row (the FEP prefix's #UD on both sides) goes.
      await expect(page.getByTestId('row-count')).toHaveText('69 of 69 rows')
      await page.getByTestId('filter-only-differing').check()
      await expect(page.getByTestId('row-count')).toHaveText('68 of 69 rows')
      await page.getByTestId('filter-only-differing').uncheck()

      // Runtime (handler) instructions hide; one-based row numbers stay those of the full trace.
      await openExample(page, 's07-guest-code-bp-fep-nop')
      await runAndWait(page)
      const runtimeRows = page.locator('.cell', { hasText: '(runtime)' })
      expect(await runtimeRows.count()).toBeGreaterThan(0)
      await page.getByTestId('filter-hide-runtime').check()
      await expect(runtimeRows).toHaveCount(0)
      const firstShown = page.locator('.trace-row').first()
      await expect(firstShown.locator('.col-index')).toHaveText(String(Number(await firstShown.getAttribute('data-row')) + 1))
      // Every column and icon has a tooltip.
      for (const header of await page.locator('.trace-header > span').all()) expect(await header.getAttribute('title')).toBeTruthy()
      for (const mark of await page.locator('.trace-row .col-status').all()) expect(await mark.getAttribute('title')).toBeTruthy()
    })

    test('build combobox lists builds with patch subjects and takes a custom stack; Swap A/B', async ({ lab: page }) => {
      await openExample(page, S3)
      const b = page.getByTestId('build-b')
      await b.fill('')
      const options = page.getByTestId('build-b-options')
      await expect(options).toContainText('v3-05 — KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when checking for code breakpoints in emulation')
      await b.fill('pre+v3-0')
      await expect(options.getByRole('option').first()).toHaveText('+v3-01 — KVM: VMX: Refresh GUEST_PENDING_DBG_EXCEPTIONS.BS on all injected #DBs')
      await b.press('ArrowDown')
      await b.press('ArrowDown')
      await b.press('ArrowDown')
      await b.press('ArrowDown')
      await b.press('Enter')
      await expect(b).toHaveValue('pre+v3-04')
      await runAndWait(page)
      // docs/reference/kvm-db-semantics.md §5 row 04/10: v3-04 alone makes S3 exit with KVM_EXIT_DEBUG.
      await expect(page.getByTestId('outcome-b')).toHaveText('B stopped')

      await page.getByTestId('swap').click()
      await expect(page.getByTestId('build-a')).toHaveValue('pre+v3-04')
      await expect(page.getByTestId('build-b')).toHaveValue('pre')
      await expect(page.getByTestId('stale')).toHaveAttribute('data-reason', 'builds')
      await runAndWait(page)
      await expect(page.getByTestId('outcome-a')).toHaveText('A stopped')
      await expect(page.getByTestId('outcome-b')).toHaveText('B halted')
    })

    test('keyboard: Ctrl+Enter, Esc, Ctrl+S, Ctrl+Shift+S, Ctrl+O; Tab reaches the controls with a visible focus', async ({ lab: page }) => {
      // Listening from the start: file-chooser interception is then on before Ctrl+O is pressed.
      const choosers: FileChooser[] = []
      page.on('filechooser', (c) => choosers.push(c))
      await openExample(page, S3)
      await page.locator('.monaco-editor .view-line').first().click()
      await page.keyboard.press('Control+Enter')
      await expect(page.getByTestId('summary')).toHaveAttribute('data-verdict', 'diverges', { timeout: 30_000 })

      await page.keyboard.press('Control+o')
      await expect.poll(() => choosers.length).toBe(1)
      expect(choosers[0].isMultiple()).toBe(false)
      await page.locator('.monaco-editor .view-line').first().click()
      const [saved] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')])
      expect(saved.suggestedFilename()).toBe(`${S3}.yaml`)
      expect(await readFile(await saved.path(), 'utf8')).toContain('schema: patchlab.scenario/1')
      const [savedAs] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+Shift+S')])
      expect(savedAs.suggestedFilename()).toBe(`${S3}.yaml`)

      await openExample(page, 'runaway')
      await page.getByTestId('trace-empty').or(page.getByTestId('about')).first().click()
      await page.keyboard.press('Control+Enter')
      await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running')
      await page.keyboard.press('Escape')
      await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'cancelled', { timeout: 10_000 })

      // Tab order follows the screen: side A's build, its mode, Swap, side B's build …, and focus is drawn.
      await page.getByTestId('build-a').focus()
      const order: string[] = []
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab')
        order.push((await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'))) ?? '')
      }
      expect(order.slice(0, 4)).toEqual(['mode-a', 'swap', 'build-b', 'mode-b'])
      const outline = await page.locator(':focus').evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(e).outlineStyle)
      expect(outline).toBe('solid')
    })

    test('fuzz cases open with their cluster explained; matrix: legend, every cell opens its comparison', async ({ lab: page }) => {
      await openExample(page, S3)
      await page.getByTestId('tab-explore').click()
      await page.getByTestId('explore-count').fill('200')
      await page.getByTestId('explore-start').click()
      await expect(page.getByTestId('explore-summary')).toContainText('200 cases', { timeout: 30_000 })
      await page.getByTestId('explore-open-1').click()
      await expect(page.getByTestId('draft-about')).toContainText(/^fuzz cluster 1 of pre vs post \(fep, seed 1\): \d+ cases? diverged as /)

      await openExample(page, S3)
      await page.getByTestId('tab-matrix').click()
      await page.getByTestId('run-matrix').click()
      const cell = page.locator('[data-cell="post/fep/amd/cap-on"]')
      await expect(cell).toHaveAttribute('data-tone', /agree|fields|disagree/, { timeout: 60_000 })
      await expect(page.getByTestId('matrix-legend')).toContainText('fep agrees with native')
      await expect(page.getByTestId('matrix-groups')).toContainText('signature')
      await cell.click()
      await expect(page.getByTestId('tab-compare')).toHaveAttribute('aria-pressed', 'true')
      await expect(page.getByTestId('build-a')).toHaveValue('post')
      await expect(page.getByTestId('mode-a')).toHaveValue('fep')
      await expect(page.getByTestId('build-b')).toHaveValue('post')
      await expect(page.getByTestId('mode-b')).toHaveValue('native')
      await expect(page.getByTestId('vendor')).toHaveValue('amd')
      await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
      await expect(page.getByTestId('summary')).toBeVisible()
    })
  })
}
