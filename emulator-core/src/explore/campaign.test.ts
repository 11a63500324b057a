import { describe, expect, it } from 'vitest'
import { fakeRun } from './__fixtures__/fake-runner'
import { fuzzCampaign, fuzzChunk } from './campaign'
import { clusterDivergences } from './cluster'
import type { RunFn } from './run-fn'

const S3_LIKE = 'exits: HLT → DEBUG(dr6=0xffff2ff0)'
const S12_LIKE = 'guest_exceptions: none → #DB(dr6=0xffff4ff0); exits: FAIL_ENTRY(reason=0x80000021) → HLT'

describe('fuzzCampaign (against a fake runner with two planted divergences)', () => {
  it('finds both planted divergences and minimizes each to the instructions and settings it needs', async () => {
    const report = await fuzzCampaign(fakeRun, { builds: ['a', 'b'], seed: 1, count: 400 })
    expect(report.cases).toBe(400)
    const bySignature = new Map(report.clusters.map((c) => [c.signature, c]))
    expect([...bySignature.keys()].sort()).toEqual([S3_LIKE, S12_LIKE].sort())

    const s3 = bySignature.get(S3_LIKE)!
    expect(s3.scenario.guest.asm).toMatch(/^KVM_FEP\ni\d+: mov %dr\d, %rax\nhlt\n/)
    expect(s3.scenario.kvm.guest_debug).toEqual({ control: expect.arrayContaining(['USE_HW_BP']), debugreg: { dr7: 0x2400n } })
    expect(s3.instructions).toBe(2)

    const s12 = bySignature.get(S12_LIKE)!
    expect(s12.scenario.guest.asm).toMatch(/^KVM_FEP\ni\d+: sti\nhlt\n/)
    expect(s12.scenario.vcpu.rflags & 0x100n).toBe(0x100n)
    expect(s12.scenario.vendor).toBe('intel')
    expect(s12.instructions).toBe(2)
    expect(s12.scenario.expect['a/fep']).toMatchObject({ outcome: 'fail-entry', exits: [{ reason: 'FAIL_ENTRY', hardware_entry_failure_reason: 0x80000021n }] })
    expect(s12.scenario.expect['b/fep']).toMatchObject({ outcome: 'halted', guest_exceptions: [{ vector: 1n, dr6: 0xffff4ff0n }] })
  })

  it('gives the same report whatever the chunk size', async () => {
    const strip = (r: Awaited<ReturnType<typeof fuzzCampaign>>) => ({ ...r, search_ms: 0, elapsed_ms: 0 })
    const small = await fuzzCampaign(fakeRun, { builds: ['a', 'b'], seed: 9, count: 150 }, { chunkSize: 7 })
    const large = await fuzzCampaign(fakeRun, { builds: ['a', 'b'], seed: 9, count: 150 }, { chunkSize: 100 })
    expect(strip(small)).toEqual(strip(large))
  })

  it('the search asks the runner for observables only (no per-event trace)', () => {
    const asked = new Set<string | undefined>()
    const spy: RunFn = (scenario, options) => {
      asked.add(options.events)
      return fakeRun(scenario, options)
    }
    fuzzChunk(spy, { builds: ['a', 'b'], seed: 1, count: 20 }, 0, 20)
    expect([...asked]).toEqual(['none'])
  })

  it('finds nothing between two builds that behave the same', async () => {
    const report = await fuzzCampaign(fakeRun, { builds: ['a', 'a2'], seed: 1, count: 200 })
    expect(report.clusters).toEqual([])
  })

  it('stops at the chunk in progress when aborted, and still reports what it found', async () => {
    const controller = new AbortController()
    const report = await fuzzCampaign(
      fakeRun,
      { builds: ['a', 'b'], seed: 1, timeMs: 60_000 },
      { chunkSize: 50, signal: controller.signal, onProgress: (p) => p.cases >= 300 && controller.abort() },
    )
    expect(report.interrupted).toBe(true)
    expect(report.cases).toBe(300)
    expect(report.clusters.length).toBeGreaterThan(0)
  })

  it('reports progress with the number of clusters so far', async () => {
    const seen: number[] = []
    await fuzzCampaign(fakeRun, { builds: ['a', 'b'], seed: 1, count: 128 }, { chunkSize: 64, onProgress: (p) => seen.push(p.cases) })
    expect(seen).toEqual([64, 128])
  })

  it('refuses a campaign without a budget', async () => {
    await expect(fuzzCampaign(fakeRun, { builds: ['a', 'b'], seed: 1 })).rejects.toThrow(/budget/)
  })
})

describe('clusterDivergences', () => {
  it('orders clusters by their first case, whatever order cases arrive in', () => {
    const sig = (key: string) => ({ key, parts: [] })
    const clusters = clusterDivergences([
      { index: 9, signature: sig('x') },
      { index: 4, signature: sig('y') },
      { index: 2, signature: sig('x') },
    ])
    expect(clusters).toEqual([
      { signature: sig('x'), count: 2, first: 2 },
      { signature: sig('y'), count: 1, first: 4 },
    ])
  })
})
