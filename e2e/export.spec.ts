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
