// Export each report format of an S3 comparison and check the downloaded file.
import { readFile } from 'node:fs/promises'
import { expect, openExample, runAndWait, S3, test } from './lab-test'

const CHECKS = {
  text: (t: string) => expect(t).toContain('0xffff2ff0'),
  md: (t: string) => expect(t).toContain('0xffff2ff0'),
  html: (t: string) => {
    expect(t.toLowerCase()).toContain('<html')
    expect(t).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/)
  },
  json: (t: string) => {
    const parsed = JSON.parse(t) as { schema: string; equal: boolean }
    expect(parsed.schema).toBe('patchlab.compare/1')
    expect(parsed.equal).toBe(false)
  },
} as const

for (const [format, check] of Object.entries(CHECKS)) {
  test(`export ${format}`, async ({ lab: page }) => {
    await openExample(page, S3)
    await runAndWait(page)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${S3}-pre-fep-vs-post-fep\\.${format === 'text' ? 'txt' : format}$`))
    check(await readFile(await download.path(), 'utf8'))
  })
}

test('save the S3 guest as a flat binary', async ({ lab: page }) => {
  await openExample(page, S3)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-binary').click()])
  expect(download.suggestedFilename()).toBe(`${S3}.bin`)
  // KVM_FEP is ud2 + "kvm" (0f 0b 6b 76 6d); mov %dr0,%rax is 0f 21 /r with ModRM c0; hlt is f4 (SDM).
  expect([...(await readFile(await download.path()))]).toEqual([0x0f, 0x0b, 0x6b, 0x76, 0x6d, 0x0f, 0x21, 0xc0, 0xf4])
})
