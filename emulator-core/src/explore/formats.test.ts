import { describe, expect, it } from 'vitest'
import type { Trace } from '../types'
import type { BisectResult } from './bisect'
import { formatBisect } from './bisect-format'
import type { FuzzReport } from './campaign'
import { formatFuzzReport } from './fuzz-format'
import { renderTable } from './table'

const trace = (outcome: Trace['outcome'], exits: Trace['exits']): Trace => ({
  schema: 'patchlab.trace/1', build: 'x', stack: [], mode: 'fep', vendor: 'intel', scenario: 's', outcome, events: [],
  guest_exceptions: [], exits, vmexits: [], vmm: [],
  final: { rip: '0x0', rflags: '0x2', dr0: '0x0', dr1: '0x0', dr2: '0x0', dr3: '0x0', dr6: '0xffff0ff0', dr7: '0x400' }, symbols: {},
})

describe('renderTable', () => {
  it('pads text columns and escapes pipes in Markdown', () => {
    expect(renderTable(['a', 'bb'], [['xyz', '1']], 'text')).toBe('a    bb\n---  --\nxyz  1')
    expect(renderTable(['a'], [['x|y']], 'md')).toBe('| a |\n| --- |\n| x\\|y |')
  })
})

describe('formatBisect', () => {
  const signature = { key: 'exits: HLT → DEBUG(dr6=0xffff2ff0)', parts: [] }
  const result: BisectResult = {
    from: 'v3-03', to: 'v3-04', mode: 'fep',
    steps: [
      { build: 'v3-03', trace: trace('halted', [{ reason: 'HLT' }]) },
      { build: 'v3-04', patch: 'v3-04', trace: trace('halted', [{ reason: 'DEBUG', exception: 1, pc: '0x1005', dr6: '0xffff2ff0' }]), change: signature },
    ],
    first_change: {
      patch: 'v3-04', subject: 'KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR (in emulator)', commit: '51543660c521',
      before: 'v3-03', after: 'v3-04', signature, diffs: [{ path: 'exits[0]', a: 'HLT', b: 'DEBUG(pc=0x1005,dr6=0xffff2ff0)' }],
    },
  }
  it('names the first patch, its subject and commit, and each before/after value', () => {
    const text = formatBisect(result, 'text')
    expect(text).toContain('First change: v3-04 ("KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR (in emulator)", 51543660c521)')
    expect(text).toContain('  v3-03 → v3-04: exits: HLT → DEBUG(dr6=0xffff2ff0)')
    expect(text).toContain('  exits[0]: HLT → DEBUG(pc=0x1005,dr6=0xffff2ff0)')
  })
  it('prints summaries, not whole traces, as JSON', () => {
    const json = JSON.parse(formatBisect(result, 'json')) as { steps: Array<Record<string, unknown>> }
    expect(json.steps[1].trace).toBeUndefined()
    expect(json.steps[1].summary).toEqual({ guest_dr6: [], vmm_dr6: [], exits: ['DEBUG(pc=0x1005,dr6=0xffff2ff0)'], outcome: 'halted' })
  })
})

describe('formatFuzzReport', () => {
  const report: FuzzReport = {
    schema: 'patchlab.fuzz/1', builds: ['pre', 'post'], seed: 1, mode: 'fep', cases: 1000, rejected: 0, rejections: [],
    interrupted: false, search_ms: 400, elapsed_ms: 1500, clusters: [],
  }
  it('says plainly when nothing diverged', () => {
    expect(formatFuzzReport(report, 'text')).toBe('Fuzz pre vs post, seed 1: 1000 cases in fep mode, 0 cluster(s), 1.5 s\n\nNo divergence between pre and post.\n')
  })
})
