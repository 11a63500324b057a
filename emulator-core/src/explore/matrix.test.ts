import { describe, expect, it } from 'vitest'
import { fakeRun } from './__fixtures__/fake-runner'
import { applyPoint, matrixPoints, runMatrix } from './matrix'
import { formatMatrix } from './matrix-format'
import { renderScenario } from './render'

const s3 = renderScenario(
  [
    { kind: 'guest-debug', flag: 'ENABLE' },
    { kind: 'guest-debug', flag: 'SINGLESTEP' },
    { kind: 'host-gd' },
    { kind: 'insn', id: 0, fep: true, insn: { op: 'mov-from-dr', dr: 0 } },
  ],
  's3',
)!

describe('matrixPoints', () => {
  it('spans the cross product of the chosen axes in a fixed order', () => {
    expect(matrixPoints([])).toEqual([{ mode: 'fep' }])
    expect(matrixPoints(['vendor', 'mode'])).toEqual([
      { mode: 'fep', vendor: 'intel' },
      { mode: 'fep', vendor: 'amd' },
      { mode: 'native', vendor: 'intel' },
      { mode: 'native', vendor: 'amd' },
    ])
    expect(matrixPoints(['mode', 'vendor', 'payload', 'guest_debug'])).toHaveLength(32)
  })
})

describe('applyPoint', () => {
  it('replaces the guest_debug control but keeps the scenario debugreg', () => {
    const v = applyPoint(s3, { mode: 'fep', guest_debug: 'USE_HW_BP', payload: true })
    expect(v.kvm.guest_debug).toEqual({ control: ['ENABLE', 'USE_HW_BP'], debugreg: { dr7: 0x2400n } })
    expect(v.kvm.exception_payload).toBe(true)
    expect(applyPoint(s3, { mode: 'fep', guest_debug: 'none' }).kvm.guest_debug?.control).toEqual([])
  })
})

describe('runMatrix', () => {
  const result = runMatrix(fakeRun, [s3], { builds: ['a', 'b'], axes: ['mode', 'guest_debug'] })

  // The fake runner diverges under host USE_HW_BP + GD on an emulated MOV DR, i.e. only in fep mode.
  it('groups cells by divergence signature, with counts', () => {
    expect(result.groups).toEqual([
      { signature: 'agree', count: 6 },
      { signature: 'exits: HLT → DEBUG(dr6=0xffff2ff0)', count: 2 },
    ])
    const diverging = result.cells.filter((c) => c.group === 1).map((c) => c.point)
    expect(diverging).toEqual([
      { mode: 'fep', guest_debug: 'USE_HW_BP' },
      { mode: 'fep', guest_debug: 'both' },
    ])
  })

  it('lays the table out: groups first, then one row per cell', () => {
    const text = formatMatrix(result, 'md')
    expect(text).toContain('| group | cells | signature |')
    expect(text).toContain('| #2 | 2 | exits: HLT → DEBUG(dr6=0xffff2ff0) |')
    expect(text).toContain('| s3 | fep | USE_HW_BP | halted | limit ≠ | #2 |')
    expect(text.split('\n').filter((l) => l.startsWith('| s3 |'))).toHaveLength(8)
  })

  it('prints aligned text columns', () => {
    const lines = formatMatrix(result, 'text').split('\n')
    expect(lines).toContain('scenario  mode    guest_debug  a       b        group')
    expect(lines).toContain('s3        fep     USE_HW_BP    halted  limit ≠  #2')
  })

  it('needs two builds', () => {
    expect(() => runMatrix(fakeRun, [s3], { builds: ['a'], axes: [] })).toThrow(/two builds/)
  })
})
