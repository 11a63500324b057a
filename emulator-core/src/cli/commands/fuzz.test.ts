import { afterEach, describe, expect, it, vi } from 'vitest'
import fuzz from './fuzz'

afterEach(() => vi.restoreAllMocks())

async function errorOf(args: string[]): Promise<[number, string]> {
  let err = ''
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
  const status = await fuzz.run(args)
  // The problem on the first line (a usage line may follow it: cli/main.test.ts checks that).
  return [status, `${err.split('\n')[0]}\n`]
}

describe('patchlab fuzz: bad input exits 2 with a message', () => {
  it('needs exactly two builds', async () => {
    expect(await errorOf(['--builds', 'pre', '--seed', '1', '--count', '5'])).toEqual([2, 'patchlab fuzz: --builds needs exactly two builds, e.g. --builds pre,post\n'])
  })
  it('needs one budget', async () => {
    expect(await errorOf(['--builds', 'pre,post', '--seed', '1'])).toEqual([2, 'patchlab fuzz: give one budget: --time 60s or --count N\n'])
  })
  it('reads durations like 60s, 2m and 500ms only', async () => {
    expect(await errorOf(['--builds', 'pre,post', '--seed', '1', '--time', 'soon'])).toEqual([2, "patchlab fuzz: --time must look like 60s, 2m or 500ms, got 'soon'\n"])
  })
  it('names an unknown build', async () => {
    const [status, err] = await errorOf(['--builds', 'pre,nope', '--seed', '1', '--count', '5'])
    expect(status).toBe(2)
    expect(err).toContain("unknown build 'nope'")
  })
})
