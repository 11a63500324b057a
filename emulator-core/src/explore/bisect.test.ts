import { describe, expect, it } from 'vitest'
import type { BuildInfo, RunOptions, Scenario, Trace } from '../types'
import { fakeRun } from './__fixtures__/fake-runner'
import { bisectSeries, type BuildCatalog } from './bisect'
import { renderScenario } from './render'

const SERIES = ['v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05']
const named: BuildInfo[] = [
  { id: 'pre', base: 'pre', stack: [], description: 'merge base' },
  ...SERIES.map((p, i) => ({ id: p, base: 'pre' as const, stack: SERIES.slice(0, i + 1), description: p })),
  { id: 'old-base', base: 'old-base', stack: [], description: 'older tree' },
]
const catalog: BuildCatalog = {
  builds: named,
  resolve: (id) => {
    const build = named.find((b) => b.id === id)
    if (build) return build
    const [first, ...stack] = id.split('+')
    const start = catalog.resolve(first)
    return { id, base: start.base, stack: [...start.stack, ...stack], description: id }
  },
  patch: (id) => ({ id, subject: `subject of ${id}`, commit: '51543660c521', overrides: [], effect: '' }),
}

/** Build `b` of the fake runner from v3-04 on (as docs/reference/kvm-db-semantics.md §3 says v3-04 introduces S3). */
function runSeries(scenario: Scenario, options: RunOptions): Trace {
  const stack = catalog.resolve(options.build).stack
  return { ...fakeRun(scenario, { ...options, build: stack.includes('v3-04') ? 'b' : 'a' }), build: options.build }
}

const s3 = renderScenario(
  [
    { kind: 'guest-debug', flag: 'ENABLE' },
    { kind: 'guest-debug', flag: 'USE_HW_BP' },
    { kind: 'host-gd' },
    { kind: 'insn', id: 0, fep: true, insn: { op: 'mov-from-dr', dr: 0 } },
  ],
  'S3',
)!

describe('bisectSeries', () => {
  it('names the first patch whose build changes the result, with before/after values', () => {
    const result = bisectSeries(runSeries, catalog, s3, { from: 'pre', to: 'v3-05' })
    expect(result.steps.map((s) => s.build)).toEqual(['pre', 'v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05'])
    expect(result.steps.map((s) => s.change !== undefined)).toEqual([false, false, false, false, true, false])
    expect(result.first_change).toMatchObject({
      patch: 'v3-04',
      subject: 'subject of v3-04',
      before: 'v3-03',
      after: 'v3-04',
      signature: { key: 'exits: HLT → DEBUG(dr6=0xffff2ff0)' },
    })
    expect(result.first_change?.diffs).toContainEqual({ path: 'outcome', a: 'halted', b: 'limit' })
  })

  it('walks custom stacks when no named build matches', () => {
    const result = bisectSeries(runSeries, catalog, s3, { from: 'v3-02', to: 'v3-02+v3-04+v3-05' })
    expect(result.steps.map((s) => s.build)).toEqual(['v3-02', 'v3-02+v3-04', 'v3-02+v3-04+v3-05'])
    expect(result.first_change?.patch).toBe('v3-04')
  })

  it('reports no change when the stack never changes the result', () => {
    expect(bisectSeries(runSeries, catalog, s3, { from: 'pre', to: 'v3-03' }).first_change).toBeUndefined()
  })

  it('refuses a --to that does not extend --from', () => {
    expect(() => bisectSeries(runSeries, catalog, s3, { from: 'v3-03', to: 'old-base' })).toThrow(/does not extend 'v3-03'/)
  })
})
