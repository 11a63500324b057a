import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import builds from './builds'
import check from './check'
import run from './run'

const S1 = `schema: patchlab.scenario/1
name: S1
guest:
  asm: |
    KVM_FEP
    x: mov %dr0, %rax
    hlt
vcpu:
  dr: { dr7: 0x2400 }
expect:
  pre/fep: { guest_exceptions: [{ vector: DB, rip: x, dr6: 0xffff2ff0 }] }
  post/fep: { guest_exceptions: [{ vector: DB, rip: x, dr6: 0xffff0ff0 }] }
`

let dir: string
let stdout: string
let stderr: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchlab-run-'))
  stdout = ''
  stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
})
afterEach(() => vi.restoreAllMocks())

function file(text: string): string {
  const path = join(dir, 's.yaml')
  writeFileSync(path, text)
  return path
}

describe('patchlab check', () => {
  it('prints one line per check, expected vs actual on a mismatch, and exits 1', async () => {
    const path = file(S1)
    expect(await check.run([path])).toBe(1)
    expect(stdout).toBe(`PASS ${path} pre/fep\nFAIL ${path} post/fep\n       guest_exceptions[0].dr6: expected 0xffff0ff0, got 0xffff2ff0\n1 scenario: 0 pass, 1 fail (2 checks)\n`)
  })
  it('exits 2 on bad input, naming file, line, column and key', async () => {
    const path = file(S1.replace('dr7: 0x2400', 'dr7: 0x24x0'))
    expect(await check.run([path])).toBe(2)
    expect(stderr).toBe(`${path}:9:14: vcpu.dr.dr7: bad value "0x24x0": expected a non-negative number (0x… or decimal)\n`)
  })
})

describe('patchlab run', () => {
  it('prints the trace as JSON with lowercase hex guest values', async () => {
    expect(await run.run([file(S1), '--build', 'pre+v3-03', '--json'])).toBe(0)
    const trace = JSON.parse(stdout)
    expect(trace).toMatchObject({ schema: 'patchlab.trace/1', build: 'pre+v3-03', stack: ['v3-03'], mode: 'fep', outcome: 'halted' })
    expect(trace.guest_exceptions).toEqual([{ vector: 1, rip: '0x100005', dr6: '0xffff2ff0', error_code: '0x0' }])
  })
  it('rejects an unknown build with exit status 2, listing the known ones', async () => {
    expect(await run.run([file(S1), '--build', 'prey'])).toBe(2)
    expect(stderr).toMatch(/--build: unknown build 'prey' \(known: old-base, pre, /)
  })
})

describe('patchlab builds', () => {
  it('lists builds with their stacks and patches with subject, commit and overrides', async () => {
    expect(await builds.run(['--json'])).toBe(0)
    const listing = JSON.parse(stdout)
    expect(listing.builds.find((b: { id: string }) => b.id === 'v3-03').stack).toEqual(['v3-01', 'v3-02', 'v3-03'])
    expect(listing.patches.find((p: { id: string }) => p.id === 'v3-04')).toMatchObject({
      commit: '51543660c521', overrides: ['check_dr_read', 'kvm_inject_emulated_db', 'inject_emulated_exception'],
    })
  })
})
