// The engine's caches change time and memory, never results: every example runs the same with cold
// caches, warm caches and caches emptied by resetCaches(), and programs that share addresses do not
// see each other's instructions, images or text.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { engineCaches, resetCaches } from './caches'
import { runScenario } from './run'
import { parseScenario } from './scenario'
import { hex, type RunMode, type Scenario, type Vendor } from './types'

const examplesDir = join(import.meta.dirname, '../../examples')
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => parseScenario(readFileSync(join(examplesDir, f), 'utf8'), f))

const RUNS: Array<{ build: string; mode: RunMode; vendor: Vendor }> = [
  { build: 'pre', mode: 'fep', vendor: 'intel' },
  { build: 'post', mode: 'native', vendor: 'amd' },
]

/** A run's whole trace as text (or its error), so equal runs compare equal byte for byte. */
function traceText(scenario: Scenario, run: (typeof RUNS)[number]): string {
  try {
    return JSON.stringify(runScenario(scenario, run), (_key, v: unknown) => (typeof v === 'bigint' ? hex(v) : v))
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`
  }
}

function allTraces(coldEach: boolean): string[] {
  return examples.flatMap((scenario) =>
    RUNS.map((run) => {
      if (coldEach) resetCaches()
      return traceText(scenario, run)
    }),
  )
}

function scenario(name: string, asm: string): Scenario {
  return parseScenario(`schema: patchlab.scenario/1\nname: ${name}\nguest:\n  asm: |\n${asm.replace(/^/gm, '    ')}\n`, `${name}.yaml`)
}

describe('engine caches', () => {
  it('every cache has a name, a bound, and is empty after resetCaches()', () => {
    traceText(examples[0], RUNS[0])
    expect(engineCaches.some((c) => c.size() > 0)).toBe(true)
    resetCaches()
    for (const cache of engineCaches) {
      expect(cache.name).toMatch(/^(types|cpu|asm|kvm|run): /)
      expect(cache.bound).toBeGreaterThan(0)
      expect([cache.name, cache.size()]).toEqual([cache.name, 0])
    }
    expect(new Set(engineCaches.map((c) => c.name)).size).toBe(engineCaches.length)
  })

  it('runs every example identically with cold, warm and reset caches', { timeout: 60_000 }, () => {
    const cold = allTraces(true)
    allTraces(false)
    const warm = allTraces(false)
    resetCaches()
    const reset = allTraces(false)
    expect(cold.length).toBe(examples.length * RUNS.length)
    expect(warm).toEqual(cold)
    expect(reset).toEqual(cold)
  })

  it('two programs at the same addresses run alternately without cross-talk', () => {
    // Same instruction lengths at the same addresses, different bytes: each must see its own decode.
    const a = scenario('a', 'KVM_FEP\nx: mov $0x1111, %eax\nmov %rax, %dr0\nhlt')
    const b = scenario('b', 'KVM_FEP\nx: mov $0x2222, %eax\nmov %rax, %dr1\nhlt')
    const run = RUNS[0]
    resetCaches()
    const alone = [traceText(a, run), (resetCaches(), traceText(b, run))]
    // SDM Vol. 2 "MOV—Move to/from Debug Registers": DR0-DR3 hold the value written.
    expect(JSON.parse(alone[0]).final).toMatchObject({ dr0: '0x1111', dr1: '0x0' })
    expect(JSON.parse(alone[1]).final).toMatchObject({ dr0: '0x0', dr1: '0x2222' })
    resetCaches()
    for (let i = 0; i < 6; i++) expect(traceText(i % 2 === 0 ? a : b, run)).toBe(alone[i % 2])
  })
})
