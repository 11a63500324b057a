// Break the guest assembly and see the error squiggle at the right line.
import { expect, openExample, S3, test } from './lab-test'

test('an asm syntax error becomes a squiggle at its line', async ({ lab: page }) => {
  await openExample(page, S3)
  await expect(page.locator('.squiggly-error')).toHaveCount(0)
  // The asm block is tokenized as x86: KVM_FEP, the mnemonic and the register each get their own colour.
  const tokenClass = (text: string) => page.locator('.monaco-editor .view-line span span', { hasText: new RegExp(`^${text}$`) }).first().getAttribute('class')
  const classes = await Promise.all(['KVM_FEP', 'mov', '%dr0'].map(tokenClass))
  expect(new Set(classes).size).toBe(3)
  // Replace the guest's `hlt` line with an unknown mnemonic.
  await page.locator('.monaco-editor .view-line', { hasText: /^\s*hlt\s*$/ }).click()
  await page.keyboard.press('End')
  await page.keyboard.press('Shift+Home')
  await page.keyboard.type('bogus %rax')
  await expect(page.locator('.squiggly-error')).toHaveCount(1)
  await page.locator('.squiggly-error').hover({ force: true })
  await expect(page.locator('.monaco-hover').filter({ hasText: 'bogus' })).toBeVisible()
})

test('an unknown patch in a custom stack is reported, without a squiggle in the scenario', async ({ lab: page }) => {
  await openExample(page, S3)
  await page.getByTestId('build-b').fill('pre+nope')
  await page.getByTestId('run').click()
  await expect(page.getByTestId('run-error')).toHaveAttribute('data-kind', 'input')
  await expect(page.getByTestId('run-error')).toContainText("unknown patch 'nope'")
  await expect(page.locator('.squiggly-error')).toHaveCount(0)
})
