import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { S3_SOURCE, s3Post, s3Pre } from '../../compare/__fixtures__/traces'
import type { CompareResult, RunOptions, Scenario } from '../../types'
import { main } from '../main'
import { compareCommand, type RunScenario } from './compare'

/** Runs `pre`/`post` as the hand-made S3 traces of docs/reference/kvm-db-semantics.md §4 (the scenario parser is the real one). */
function fixtureRunner(calls: RunOptions[], scenarios: Scenario[] = []): RunScenario {
  return (scenario, options) => {
    calls.push(options)
    scenarios.push(scenario)
    const trace = options.build === 'pre' ? s3Pre : s3Post
    return { ...trace, mode: options.mode }
  }
}

let dir: string
let scenarioFile: string
let stdout: string
let stderr: string
let calls: RunOptions[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchlab-compare-'))
  scenarioFile = join(dir, 's03.yaml')
  writeFileSync(scenarioFile, S3_SOURCE)
  stdout = ''
  stderr = ''
  calls = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
})
afterEach(() => vi.restoreAllMocks())

const run = (...args: string[]) => compareCommand(async () => fixtureRunner(calls)).run(args)

describe('patchlab compare', () => {
  it('exits 3 and prints the text report when the builds diverge', async () => {
    expect(await run(scenarioFile, '--builds', 'pre,post')).toBe(3)
    expect(stdout).toContain('PatchLab: GD on an emulated MOV from DR0 under host USE_HW_BP\n')
    expect(stdout).toContain('Result: post/fep diverges from pre/fep.\n')
    expect(calls).toEqual([{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'fep' }])
  })

  it('exits 0 when both sides are equal', async () => {
    expect(await run(scenarioFile, '--builds', 'post,post', '--format', 'md')).toBe(0)
    expect(stdout).toContain("**Result:** post/fep (B) behaves the same as post/fep (A).\n")
  })

  it('--modes fep,native runs A in fep mode and B in native mode', async () => {
    expect(await run(scenarioFile, '--builds', 'pre,post', '--modes', 'fep,native', '--format', 'json')).toBe(3)
    expect(calls).toEqual([{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'native' }])
    expect(JSON.parse(stdout).sides.map((s: { mode: string }) => s.mode)).toEqual(['fep', 'native'])
  })

  it('--out writes the report atomically and leaves no temp file', async () => {
    const out = join(dir, 'report.html')
    writeFileSync(out, 'old report')
    expect(await run(scenarioFile, '--builds', 'pre,post', '--format', 'html', '--out', out)).toBe(3)
    expect(stdout).toBe('')
    expect(readFileSync(out, 'utf8')).toMatch(/^<!DOCTYPE html>\n/)
    expect(readdirSync(dir).sort()).toEqual(['report.html', 's03.yaml'])
  })

  it('loads a binary guest relative to the scenario file', async () => {
    writeFileSync(join(dir, 'guest.bin'), Uint8Array.of(0xf4))
    writeFileSync(scenarioFile, 'schema: patchlab.scenario/1\nname: binary\nvendor: intel\nguest: { binary: guest.bin }\n')
    const scenarios: Scenario[] = []
    const command = compareCommand(async () => fixtureRunner(calls, scenarios))
    expect(await command.run([scenarioFile, '--builds', 'pre,post'])).toBe(3)
    expect(scenarios.map((s) => Array.from(s.guest.binary ?? []))).toEqual([[0xf4], [0xf4]])
  })

  it('exits 2 with file:line:col for a bad scenario', async () => {
    writeFileSync(scenarioFile, S3_SOURCE.replace('vendor: intel', 'vendor: via'))
    expect(await run(scenarioFile, '--builds', 'pre,post')).toBe(2)
    expect(stderr).toBe(`patchlab compare: ${scenarioFile}:3:9: vendor: bad value: expected one of "intel", "amd"\n`)
    expect(stdout).toBe('')
  })

  it('exits 2 for an unknown build, a missing file, or bad options', async () => {
    expect(await run(scenarioFile, '--builds', 'pre,v9-99')).toBe(2)
    expect(stderr).toMatch(/^patchlab compare: <command line>:1:5: --builds: unknown build 'v9-99' \(known: old-base, pre, /)
    expect(await run(scenarioFile, '--builds=pre+v3-99,post')).toBe(2)
    expect(stderr).toContain("<command line>:1:1: --builds: unknown patch 'v3-99'")
    expect(await run(join(dir, 'missing.yaml'), '--builds', 'pre,post')).toBe(2)
    expect(stderr).toContain(`${join(dir, 'missing.yaml')}:1:1: cannot read the scenario: no such file\n`)
    expect(await run(scenarioFile, '--builds', 'pre')).toBe(2)
    expect(await run(scenarioFile, '--builds', 'pre,post', '--modes', 'fep,hw')).toBe(2)
    expect(await run(scenarioFile, '--builds', 'pre,post', '--format', 'pdf')).toBe(2)
    expect(await run(scenarioFile, '--builds', 'pre,post', '--colour')).toBe(2)
    expect(stderr).toContain("--format must be one of text, md, html, json (got 'pdf')")
    expect(calls).toEqual([])
  })
})

describe('patchlab compare through main() on the real engine and examples/', () => {
  const example = (name: string) => join(import.meta.dirname, '../../../../examples', name)

  it('S3 diverges on pre vs post (reference Δ ≠): KVM_EXIT_DEBUG at X with dr6 0xffff2ff0 on post only', async () => {
    expect(await main(['compare', example('s03-gd-fep-host-use-hw-bp.yaml'), '--builds', 'pre,post', '--format', 'json'])).toBe(3)
    const result = JSON.parse(stdout) as CompareResult
    const x = result.traces[1].symbols.x
    expect(result.summary[0].exits).toEqual(['HLT'])
    expect(result.summary[1].exits).toEqual([`DEBUG(pc=${x},dr6=0xffff2ff0)`])
  })

  it('S1 is equal on pre vs post (reference Δ =) although KVM-internal steps differ', async () => {
    expect(await main(['compare', example('s01-gd-fep-mov-dr0.yaml'), '--builds', 'pre,post', '--format', 'json'])).toBe(0)
    const result = JSON.parse(stdout) as CompareResult
    expect(result.events_equal).toBe(false)
    expect(result.verdict).toEqual({ kind: 'same-results', text: 'same results, internal KVM steps differ' })
    expect(result.summary.map((s) => s.guest_dr6)).toEqual([['0xffff2ff0'], ['0xffff2ff0']])
    expect(result.summary.map((s) => s.vmm_dr6)).toEqual([[], []])
  })

  it('S3n is equal natively on pre vs post (reference Δ =)', async () => {
    expect(await main(['compare', example('s03n-gd-native-host-use-hw-bp.yaml'), '--builds', 'pre,post', '--modes', 'native'])).toBe(0)
    expect(stdout).toContain('Result: post/native behaves the same as pre/native.\n')
  })
})

describe('patchlab compare through main()', () => {
  it('prints its usage for --help and exits 2 on missing arguments', async () => {
    expect(await main(['compare', '--help'])).toBe(0)
    expect(stdout).toContain('usage: patchlab compare S.yaml --builds A,B')
    expect(await main(['compare', scenarioFile])).toBe(2)
    expect(stderr).toContain("--builds needs two builds, A,B (got '')")
  })
})
