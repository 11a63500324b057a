// Proof that differential fuzzing finds what the series changed (issue 5 §4): pre vs post must show
// the divergence classes of docs/reference/kvm-db-semantics.md §4 as separate clusters, each minimized to at most 6 guest
// instructions; v3-01 vs v3-02 (a no-op refactor, docs/reference/kvm-db-semantics.md §3 02/10) must show none.
// Each S-row is recognised by its signature, written from the PRE and POST columns of docs/reference/kvm-db-semantics.md §4.
import { describe, expect, it } from 'vitest'
import { runScenario } from '../run'
import { fuzzCampaign, type FuzzReport } from './campaign'
import type { DivergenceSignature, SignaturePart } from './signature'

// Seed 16 reaches all seven rows by case 165 (of seeds 1-23, 10 reach them within 400 cases);
// 250 leaves room for model fixes to move a first hit.
const SEED = 16
const COUNT = 250

function part(signature: Pick<DivergenceSignature, 'parts'>, observable: SignaturePart['observable']): SignaturePart | undefined {
  return signature.parts.find((p) => p.observable === observable)
}

type Signed = Pick<DivergenceSignature, 'parts'>

/** The first difference of one observable is exactly `a → b` (`*` accepts any entry on that side). */
function first(s: Signed, observable: SignaturePart['observable'], a: string, b: string): boolean {
  const p = part(s, observable)
  return p !== undefined && p.kind === 'values' && (a === '*' || p.a === a) && (b === '*' || p.b === b)
}

const ROWS: Record<string, (s: Signed) => boolean> = {
  // PRE: no #DB, no exit (the guest reaches its hlt). POST: KVM_EXIT_DEBUG exc 1, dr6 0xffff2ff0.
  S3: (s) => first(s, 'exits', 'HLT', 'DEBUG(dr6=0xffff2ff0)') && !part(s, 'guest_exceptions'),
  // PRE: guest #DB, DR6 0xffff2ff0. POST: no #DB, no exit (a guest-only GD is ignored under USE_HW_BP).
  S4: (s) => first(s, 'guest_exceptions', '#DB(dr6=0xffff2ff0)', 'none') && !part(s, 'exits'),
  // PRE: guest #DB, DR6 0xffff0ff1. POST: no #DB, no exit (guest code breakpoint ignored under USE_HW_BP).
  S6: (s) => first(s, 'guest_exceptions', '#DB(dr6=0xffff0ff1)', 'none') && !part(s, 'exits'),
  // PRE: guest #DB, DR6 0xffff0ff1. POST: KVM_EXIT_DEBUG dr6 0xffff0ff1 (host SINGLESTEP, guest code breakpoint).
  S8: (s) => first(s, 'guest_exceptions', '#DB(dr6=0xffff0ff1)', 'none') && first(s, 'exits', '*', 'DEBUG(dr6=0xffff0ff1)'),
  // PRE: guest #DB (trap), DR6 0xffff4ff0. POST: KVM_EXIT_DEBUG dr6 0xffff4ff0 (guest TF under USE_HW_BP).
  S10: (s) => first(s, 'guest_exceptions', '#DB(dr6=0xffff4ff0)', 'none') && first(s, 'exits', '*', 'DEBUG(dr6=0xffff4ff0)'),
  // PRE: guest #DB, DR6 0xffff2ff0. POST: KVM_EXIT_DEBUG dr6 0xffff2ff0 (host SINGLESTEP, guest GD).
  S11: (s) => first(s, 'guest_exceptions', '#DB(dr6=0xffff2ff0)', 'none') && first(s, 'exits', '*', 'DEBUG(dr6=0xffff2ff0)'),
  // PRE: VM-entry failure, reason 0x80000021. POST: guest #DB, DR6 0xffff4ff0.
  S12: (s) => first(s, 'exits', 'FAIL_ENTRY(reason=0x80000021)', '*') && first(s, 'guest_exceptions', 'none', '#DB(dr6=0xffff4ff0)'),
}

describe('fuzzing pre vs post finds the series\' divergence classes', () => {
  let report: FuzzReport

  it(`runs ${COUNT} cases of seed ${SEED}`, async () => {
    report = await fuzzCampaign(runScenario, { builds: ['pre', 'post'], seed: SEED, count: COUNT })
    expect(report.cases).toBe(COUNT)
    expect(report.rejections).toEqual([])
  }, 60_000)

  for (const [row, matches] of Object.entries(ROWS)) {
    it(`finds ${row} as its own cluster, minimized to at most 6 guest instructions`, () => {
      const clusters = report.clusters.filter((c) => matches(c))
      expect(clusters.map((c) => c.signature), `no cluster matches ${row}; clusters: ${report.clusters.map((c) => c.signature).join('\n')}`).not.toEqual([])
      const smallest = Math.min(...clusters.map((c) => c.instructions))
      expect(smallest).toBeLessThanOrEqual(6)
      for (const [other, otherMatches] of Object.entries(ROWS)) if (other !== row) expect(clusters.filter((c) => otherMatches(c)), `${row} and ${other} share a cluster`).toEqual([])
    })
  }
})

describe('fuzzing v3-01 vs v3-02 (a no-op refactor)', () => {
  it('finds no divergence', async () => {
    const report = await fuzzCampaign(runScenario, { builds: ['v3-01', 'v3-02'], seed: SEED, count: 1000 })
    expect(report.clusters.map((c) => c.signature)).toEqual([])
  }, 60_000)
})
