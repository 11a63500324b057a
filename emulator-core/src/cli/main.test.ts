// Every CLI usage error path (issue 11 §3): one line naming the problem, with a did-you-mean where
// there is a near miss, then the usage line; exit status 2. Plus --version, help <command> and
// <command> --help for every command.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PATCHLAB_VERSION } from '../version'
import { commandNames, main } from './main'

let stdout: string
let stderr: string
beforeEach(() => {
  stdout = ''
  stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
})
afterEach(() => vi.restoreAllMocks())

const example = (name: string) => new URL(`../../../examples/${name}`, import.meta.url).pathname

/** Exit 2, a first line that names the problem (matching `problem`), and a usage line after it. */
async function expectUsageError(argv: string[], problem: RegExp, usageOf = argv[0]): Promise<void> {
  stderr = ''
  expect(await main(argv), argv.join(' ')).toBe(2)
  const [first, second, ...rest] = stderr.split('\n')
  expect(first).toMatch(problem)
  expect(second).toMatch(usageOf.startsWith('-') || !commandNames().includes(usageOf) ? /^usage: patchlab \[--version\]/ : new RegExp(`^usage: patchlab ${usageOf}\\b`))
  expect(rest.join('')).toBe('')
}

describe('patchlab --version, help', () => {
  it('prints the version', async () => {
    expect(await main(['--version'])).toBe(0)
    expect(stdout).toBe(`patchlab ${PATCHLAB_VERSION}\n`)
  })

  it('lists every command for --help and help; no command is a usage error on stderr', async () => {
    expect(await main(['--help'])).toBe(0)
    for (const n of commandNames()) expect(stdout).toMatch(new RegExp(`\\n  ${n} +\\S`))
    expect(await main([])).toBe(2)
    expect(stderr).toContain('usage: patchlab [--version]')
  })

  for (const name of ['asm', 'bisect', 'builds', 'check', 'compare', 'completion', 'disasm', 'fuzz', 'matrix', 'run']) {
    it(`help ${name} and ${name} --help print the same usage`, async () => {
      expect(commandNames()).toContain(name)
      expect(await main(['help', name])).toBe(0)
      const help = stdout
      stdout = ''
      expect(await main([name, '--help'])).toBe(0)
      expect(stdout).toBe(help)
      expect(help).toMatch(new RegExp(`^usage: patchlab ${name}\\b`))
      expect(help).toMatch(/exit status/i)
    })
  }
})

describe('usage errors: one line, did-you-mean, usage line, exit 2', () => {
  let dir: string
  let asm: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchlab-main-'))
    asm = join(dir, 'g.S')
    writeFileSync(asm, 'hlt\n')
  })

  it('unknown commands and top-level options', async () => {
    await expectUsageError(['compar'], /^patchlab: 'compar' is not a patchlab command; did you mean 'compare'\?$/)
    await expectUsageError(['frobnicate'], /^patchlab: 'frobnicate' is not a patchlab command$/)
    await expectUsageError(['help', 'chek'], /did you mean 'check'\?$/, 'help-of-unknown')
    await expectUsageError(['--verison'], /^patchlab: unknown option '--verison'; did you mean '--version'\?$/)
  })

  const s3 = example('s03-gd-fep-host-use-hw-bp.yaml')
  const cases: Array<[string[], RegExp]> = [
    [['compare', s3, '--builds', 'pre,post', '--vendr', 'amd'], /^patchlab compare: unknown option '--vendr'; did you mean '--vendor'\?$/],
    [['compare', s3, '--builds'], /^patchlab compare: option '--builds' needs a value$/],
    [['compare', '--builds', 'pre,post'], /^patchlab compare: name at least one scenario file$/],
    [['compare', s3, '--builds', 'pre'], /--builds needs two builds/],
    [['compare', s3, '--builds', 'pre,post', '--vendor', 'via'], /--vendor must be intel or amd \(got 'via'\)/],
    [['compare', s3, '--builds', 'pre,post', '--trailer', 'signed-off-by'], /--trailer must be tested-by or reviewed-by/],
    [['compare', s3, '--builds', 'pre,post', '--json', '--format', 'md'], /--json and --format/],
    [['compare', s3, '--builds', 'pre,post', '--reply-to', 'not a msgid'], /--reply-to needs a patch mail file or a Message-ID/],
    [['compare', s3, '--builds', 'pre,post', '--format', 'md', '--reply-to', 'x@y'], /--reply-to makes a mail/],
    [['compare', s3, '--builds', 'pre,post', '--message-id', 'x@y'], /--message-id goes with --reply-to/],
    [['compare', s3, s3, '--builds', 'pre,post', '--out', 'x.txt'], /--out takes one scenario/],
    [['compare', 'nothing-matches-*.yaml', '--builds', 'pre,post'], /no file matches 'nothing-matches-\*\.yaml'/],
    [['check'], /^patchlab check: name at least one scenario file$/],
    [['check', s3, '--format', 'xunit'], /--format must be one of text, tap, junit, json/],
    [['check', s3, '--fromat', 'tap'], /did you mean '--format'\?/],
    [['run', s3], /--build is required/],
    [['run', s3, '--biuld', 'pre'], /did you mean '--build'\?/],
    [['bisect', s3, '--frm', 'pre'], /did you mean '--from'\?/],
    [['bisect'], /name exactly one scenario file/],
    [['matrix', s3, '--builds', 'pre'], /--builds needs at least two builds/],
    [['fuzz', '--builds', 'pre,post', '--sed', '1'], /did you mean '--seed'\?/],
    [['builds', '--jsno'], /did you mean '--json'\?/],
    [['completion', 'fish'], /name a shell: bash or zsh \(got 'fish'\)/],
    [['disasm'], /missing FILE\.bin/],
    [['disasm', 'x.bin', '--orgin', '0x0'], /did you mean '--origin'\?/],
  ]
  for (const [argv, problem] of cases) {
    it(argv.join(' ').replace(/\/\S*\//g, ''), async () => {
      await expectUsageError(argv, problem)
    })
  }

  it('asm: unknown option with a did-you-mean', async () => {
    await expectUsageError(['asm', asm, '--lsting'], /did you mean '--listing'\?/)
  })
})
