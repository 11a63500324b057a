import type { CompareResult, RunIdentity, Trace } from '../types'
import { alignEvents } from './align'
import { diffResults } from './result-diff'
import { summarizeTrace } from './summary'
import { compareVerdict } from './verdict'

/** Which scenario a comparison is about; `source` is the scenario text, quoted in reports. */
export interface ComparedScenario {
  name: string
  file?: string
  source?: string
}

/**
 * Compares two runs of one scenario: aligned event rows with every differing field, the first
 * divergence, differences in the result lists, and each side's summary.
 *
 * `equal` is about what the guest and userspace can observe (the result lists, final state and
 * outcome), as the Δ column of docs/reference/kvm-db-semantics.md §4 is: S1 is "=" although POST writes DR6 at injection rather
 * than at emulation, and a FEP run agrees with its native reference although every FEP'd instruction
 * took the emulator path. Those KVM-internal differences still show as rows, `first_divergence`
 * and `events_equal: false`.
 */
export function compareTraces(scenario: ComparedScenario, a: Trace, b: Trace): CompareResult {
  const rows = alignEvents(a.events, b.events)
  const firstDivergence = rows.findIndex((row) => row.status !== 'same')
  const resultDiffs = diffResults(a, b)
  const result: CompareResult = {
    schema: 'patchlab.compare/1',
    scenario: definedOnly(scenario),
    sides: [identity(a), identity(b)],
    equal: resultDiffs.length === 0,
    events_equal: firstDivergence < 0,
    verdict: compareVerdict(resultDiffs.length === 0, firstDivergence < 0, [a, b]),
    rows,
    result_diffs: resultDiffs,
    summary: [summarizeTrace(a), summarizeTrace(b)],
    traces: [a, b],
  }
  if (firstDivergence >= 0) result.first_divergence = firstDivergence
  return result
}

/** Drops absent optional fields so the JSON form has no `undefined` holes. */
function definedOnly(scenario: ComparedScenario): ComparedScenario {
  const copy: ComparedScenario = { name: scenario.name }
  if (scenario.file !== undefined) copy.file = scenario.file
  if (scenario.source !== undefined) copy.source = scenario.source
  return copy
}

function identity(trace: Trace): RunIdentity {
  return { build: trace.build, stack: [...trace.stack], mode: trace.mode, vendor: trace.vendor }
}
