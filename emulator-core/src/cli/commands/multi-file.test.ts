// compare and check over several files and globs, their totals lines, TAP and JUnit output, the
// opt-in trailer and reply mode (with the patch mails of shared/seeds).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../main'

let stdout: string
let stderr: string
beforeEach(() => {
  stdout = ''
  stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

const examples = new URL('../../../../examples/', import.meta.url).pathname
const seeds = new URL('../../../../../shared/seeds/', import.meta.url).pathname
const ex = (name: string) => join(examples, name)

describe('patchlab check over several files', () => {
  it('takes files and globs and ends with a totals line', async () => {
    expect(await main(['check', ex('s01-gd-fep-mov-dr0.yaml'), `${examples}s03*.yaml`])).toBe(0)
    expect(stdout).toMatch(/\n3 scenarios: 3 pass, 0 fail \(\d+ checks\)\n$/)
    expect(stdout).toContain('PASS ')
    expect(stdout).not.toContain('\x1b[') // not a TTY: no colour
  })

  it('--format tap prints TAP version 13 with a plan and one point per check', async () => {
    expect(await main(['check', ex('s01-gd-fep-mov-dr0.yaml'), '--format', 'tap'])).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('TAP version 13')
    const plan = /^1\.\.(\d+)$/.exec(lines[1])
    expect(plan).not.toBeNull()
    expect(lines.filter((l) => /^ok \d+ - /.test(l))).toHaveLength(Number(plan![1]))
    expect(lines.at(-1)).toMatch(/^# 1 scenario: 1 pass, 0 fail/)
  })

  it('a failing check is `not ok` with its mismatches in TAP and a <failure> in JUnit, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchlab-multi-'))
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, readFileSync(ex('s01-gd-fep-mov-dr0.yaml'), 'utf8').replace('post:\n    outcome: halted\n    guest_exceptions: [{ vector: DB, rip: x, dr6: 0xffff2ff0 }]', 'post:\n    outcome: halted\n    guest_exceptions: [{ vector: DB, rip: x, dr6: 0xffff0ff0 }]'))
    expect(await main(['check', bad, '--format', 'tap'])).toBe(1)
    expect(stdout).toMatch(/\nnot ok \d+ - \S+bad\.yaml post\/fep\n {2}---\n {2}mismatches:\n {4}- "guest_exceptions\[0\]\.dr6: expected 0xffff0ff0, got 0xffff2ff0"\n {2}\.\.\.\n/)
    stdout = ''
    expect(await main(['check', bad, ex('s01-gd-fep-mov-dr0.yaml'), '--format', 'junit'])).toBe(1)
    expect(stdout.split('\n').slice(0, 2).join('\n')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="patchlab check" tests="\d+" failures="2" skipped="0">$/) // post/fep and post/native
    expect(stdout).toContain('<failure message="1 field(s) differ from expect">guest_exceptions[0].dr6: expected 0xffff0ff0, got 0xffff2ff0</failure>')
    expect(stdout.match(/<testsuite /g)).toHaveLength(2)
    stdout = ''
    expect(await main(['check', bad, ex('s01-gd-fep-mov-dr0.yaml'), '--quiet'])).toBe(1)
    expect(stdout).not.toContain('PASS')
    expect(stdout).toMatch(/\n2 scenarios: 1 pass, 1 fail \(\d+ checks\)\n$/)
  })

  it('colours PASS/FAIL only on a TTY, and never with NO_COLOR', async () => {
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true })
    try {
      expect(await main(['check', ex('s01-gd-fep-mov-dr0.yaml')])).toBe(0)
      expect(stdout).toContain('\x1b[32mPASS\x1b[0m')
      stdout = ''
      vi.stubEnv('NO_COLOR', '1')
      expect(await main(['check', ex('s01-gd-fep-mov-dr0.yaml')])).toBe(0)
      expect(stdout).not.toContain('\x1b[')
    } finally {
      Object.defineProperty(process.stdout, 'isTTY', { value: undefined, configurable: true })
    }
  })
})

describe('patchlab compare over several files', () => {
  it('prints each report, then `N scenarios: …` and exits 3 when one diverges', async () => {
    expect(await main(['compare', ex('s01-gd-fep-mov-dr0.yaml'), ex('s03-gd-fep-host-use-hw-bp.yaml'), '--builds', 'pre,post'])).toBe(3)
    expect(stdout.match(/^Result: /gm)).toHaveLength(2)
    expect(stdout).toMatch(/\n2 scenarios: 1 same, 1 diverge\n$/)
  })

  it('--quiet prints only the totals; --json is the JSON report', async () => {
    expect(await main(['compare', `${examples}s01*.yaml`, '--builds', 'pre,post', '--quiet'])).toBe(0)
    expect(stdout).toBe('3 scenarios: 3 same, 0 diverge\n')
    stdout = ''
    expect(await main(['compare', ex('s03-gd-fep-host-use-hw-bp.yaml'), '--builds', 'pre,post', '--json'])).toBe(3)
    expect(JSON.parse(stdout).verdict.text).toBe('diverges')
  })

  it('--vendor runs both sides on that vendor (S7d: AMD does not inhibit the code #DB in a MOV SS shadow)', async () => {
    expect(await main(['compare', ex('s07d-guest-code-bp-fep-nop-movss-amd.yaml'), '--builds', 'pre,post', '--vendor', 'amd', '--json'])).toBe(0)
    expect(JSON.parse(stdout).sides.map((s: { vendor: string }) => s.vendor)).toEqual(['amd', 'amd'])
  })

  it('the scenario path in the report is relative to the working directory', async () => {
    expect(await main(['compare', ex('s01-gd-fep-mov-dr0.yaml'), '--builds', 'pre,post'])).toBe(0)
    expect(stdout).toContain(`patchlab compare ${relative(process.cwd(), ex('s01-gd-fep-mov-dr0.yaml'))} --builds pre,post`)
    expect(stdout).not.toContain(examples)
  })
})

describe('patchlab compare --trailer', () => {
  it('adds the trailer from git config and warns that Tested-by means real hardware', async () => {
    const home = mkdtempSync(join(tmpdir(), 'patchlab-git-'))
    execFileSync('git', ['config', '--file', join(home, '.gitconfig'), 'user.name', 'A. Reviewer'])
    execFileSync('git', ['config', '--file', join(home, '.gitconfig'), 'user.email', 'reviewer@example.org'])
    vi.stubEnv('HOME', home)
    vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1')
    vi.stubEnv('XDG_CONFIG_HOME', home)
    expect(await main(['compare', ex('s03-gd-fep-host-use-hw-bp.yaml'), '--builds', 'pre,post', '--trailer', 'tested-by'])).toBe(3)
    expect(stdout).toMatch(/\n\nTested-by: A\. Reviewer <reviewer@example\.org>\n$/)
    expect(stderr).toContain('warning: Tested-by: says the patch ran on real hardware')
  })
})

describe('patchlab compare --reply-to', () => {
  it('replies to the v3 05/10 mail: Subject: Re:, attribution, the hunk of the diverging function', async () => {
    // S6 (kvm-db-semantics.md §4): under USE_HW_BP POST ignores the guest's own code breakpoint during emulation.
    const mail = join(seeds, 'v3-05of10-honor-KVM_GUESTDBG_USE_HW_BP-code-breakpoints.txt')
    expect(await main(['compare', ex('s06-guest-code-bp-under-use-hw-bp.yaml'), '--builds', 'pre,post', '--reply-to', mail, '--message-id', '<v3-05.example@kernel.org>'])).toBe(3)
    const [headers, body] = [stdout.slice(0, stdout.indexOf('\n\n')), stdout.slice(stdout.indexOf('\n\n') + 2)]
    expect(headers).toBe('Subject: Re: [PATCH v3 05/10] KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when checking for code breakpoints in emulation\nIn-Reply-To: <v3-05.example@kernel.org>\nReferences: <v3-05.example@kernel.org>')
    expect(body).toMatch(/^On Fri May 15 2026 - 18:31:57 EST, Sean Christopherson wrote:\n> diff --git a\/arch\/x86\/kvm\/x86\.c b\/arch\/x86\/kvm\/x86\.c\n> @@ /)
    expect(body.indexOf('\n> ')).toBeLessThan(body.indexOf('Result: '))
  })

  it('reads a quoted review mail (v2 2/9) and notes the missing Message-ID', async () => {
    const mail = join(seeds, 'v2-2of9-set-guest-dr6-by-kvm_queue_exception_p-review.txt')
    expect(await main(['compare', ex('v2-02-error-coded-db.yaml'), '--builds', 'pre,pre+v2-02', '--reply-to', mail])).toBe(3)
    expect(stdout).toMatch(/^Subject: Re: \[PATCH v2 2\/9\] KVM: x86: Set guest DR6 by kvm_queue_exception_p\(\) in instruction emulation\n\n/)
    expect(stdout).toContain('\n> diff --git a/arch/x86/kvm/')
    expect(stderr).toContain('has no Message-ID; pass --message-id to set In-Reply-To')
  })

  it('a pasted Message-ID gives the reply headers', async () => {
    expect(await main(['compare', ex('s03-gd-fep-host-use-hw-bp.yaml'), '--builds', 'pre,post', '--reply-to', '<abc@example.org>'])).toBe(3)
    expect(stdout).toMatch(/^Subject: PatchLab: .*\nIn-Reply-To: <abc@example\.org>\nReferences: <abc@example\.org>\n\n/)
  })
})
