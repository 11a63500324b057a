/**
 * A stand-in for the engine's runScenario with two planted divergences, so exploration can be
 * tested without the KVM model: build `b` differs from `a` the way reference rows S3 and S12 say
 * post differs from pre; build `a2` behaves exactly like `a` (a no-op refactor).
 */
import { hex, type Hex, type RunOptions, type Scenario, type Trace } from '../../types'

const BASE = 0x1000

export function fakeRun(scenario: Scenario, options: RunOptions): Trace {
  const lines = (scenario.guest.asm ?? '').split('\n').filter((l) => l.trim() !== '')
  const symbols: Record<string, Hex> = {}
  const emulated: string[] = []
  lines.forEach((line, i) => {
    const m = /^(\w+): (.*)$/.exec(line)
    if (m) symbols[m[1]] = hex(BASE + 4 * i)
    if (i > 0 && lines[i - 1] === 'KVM_FEP' && options.mode === 'fep') emulated.push(m ? m[2] : line)
  })
  const trace: Trace = {
    schema: 'patchlab.trace/1',
    build: options.build,
    stack: [],
    mode: options.mode,
    vendor: options.vendor ?? scenario.vendor,
    scenario: scenario.name,
    outcome: 'halted',
    events: [],
    guest_exceptions: [],
    exits: [{ reason: 'HLT' }],
    vmexits: [],
    vmm: [],
    final: { rip: hex(BASE + 4 * lines.length), rflags: '0x2', dr0: '0x0', dr1: '0x0', dr2: '0x0', dr3: '0x0', dr6: '0xffff0ff0', dr7: '0x400' },
    symbols,
  }
  const after = options.build === 'b'
  const gd = scenario.kvm.guest_debug
  const hostGd = gd?.control.includes('USE_HW_BP') && ((gd.debugreg.dr7 ?? 0n) & 0x2000n) !== 0n
  if (hostGd && emulated.some((t) => t.startsWith('mov %dr')) && after) {
    trace.exits = Array.from({ length: scenario.limits.exits }, () => ({ reason: 'DEBUG' as const, exception: 1, pc: '0x1004' as Hex, dr6: '0xffff2ff0' as Hex }))
    trace.outcome = 'limit'
  }
  const tf = (scenario.vcpu.rflags & 0x100n) !== 0n
  if (tf && scenario.vendor === 'intel' && emulated.includes('sti')) {
    if (after) trace.guest_exceptions = [{ vector: 1, rip: '0x1008', dr6: '0xffff4ff0', error_code: '0x0' }]
    else {
      trace.exits = [{ reason: 'FAIL_ENTRY', hardware_entry_failure_reason: '0x80000021' }]
      trace.outcome = 'fail-entry'
    }
  }
  return trace
}
