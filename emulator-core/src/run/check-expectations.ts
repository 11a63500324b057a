import { hex } from '../types/hex'
import type { RunMode } from '../types/build'
import type { AddressRef, Expectation, Scenario } from '../types/scenario'
import type { Trace } from '../types/trace'
import { resolveAddress } from './resolve-address'
import { runScenario } from './run-scenario'

const MODES: RunMode[] = ['fep', 'native']

/** One checked (build, mode) pair. */
export interface CheckResult {
  build: string
  mode: RunMode
  ok: boolean
  /** `exits[0].pc: expected 0x100005, got 0x100008`. */
  mismatches: string[]
}

/**
 * The (build, mode) pairs an `expect` block checks and the expectation of each. Rule: every build
 * named in a key (`pre`, `pre/fep`) is checked in both modes (`pre` and `post` when no key names a
 * build); the expectation is merged field by field from `<build>`, then `<mode>`, then
 * `<build>/<mode>` (most specific wins). A bare mode key (`native:`) thus states what that mode
 * gives on every build — the native column is the architectural reference.
 */
export function expectationPairs(scenario: Scenario): Array<{ build: string; mode: RunMode; expectation: Expectation }> {
  const keys = Object.keys(scenario.expect)
  const builds = [...new Set(keys.map((k) => k.split('/')[0]).filter((b) => !MODES.includes(b as RunMode)))]
  const pairs: Array<{ build: string; mode: RunMode; expectation: Expectation }> = []
  for (const build of builds.length ? builds : ['pre', 'post']) {
    for (const mode of MODES) {
      const parts = [scenario.expect[build], scenario.expect[mode], scenario.expect[`${build}/${mode}`]].filter((e): e is Expectation => e !== undefined)
      if (parts.length) pairs.push({ build, mode, expectation: Object.assign({}, ...parts) as Expectation })
    }
  }
  return pairs
}

/** Runs and checks every (build, mode) pair of the scenario's expect block. */
export function checkScenario(scenario: Scenario): CheckResult[] {
  return expectationPairs(scenario).map(({ build, mode, expectation }) => {
    const trace = runScenario(scenario, { build, mode })
    const mismatches = compareExpectation(expectation, trace, scenario)
    return { build, mode, ok: mismatches.length === 0, mismatches }
  })
}

type Actual = string | number | boolean | undefined

/** Field-by-field comparison of an expectation against a trace; only the fields the expectation names count. */
export function compareExpectation(expectation: Expectation, trace: Trace, scenario: Scenario): string[] {
  const symbols = Object.fromEntries(Object.entries(trace.symbols).map(([k, v]) => [k, BigInt(v)]))
  const mismatches: string[] = []
  const value = (expected: AddressRef | string | number | boolean, key: string): string | number | boolean =>
    typeof expected === 'bigint' || (typeof expected === 'object' && expected !== null) ? hex(resolveAddress(expected, symbols, scenario, key)) : expected
  const same = (expected: string | number | boolean, actual: Actual): boolean => {
    if (actual === undefined) return false
    if (typeof expected === 'string' && expected.startsWith('0x') && (typeof actual === 'string' || typeof actual === 'number')) return BigInt(expected) === BigInt(actual)
    if (typeof expected === 'number' && typeof actual === 'string' && actual.startsWith('0x')) return BigInt(expected) === BigInt(actual)
    return expected === actual
  }
  const fields = (path: string, expected: Record<string, unknown>, actual: Record<string, Actual>): void => {
    for (const [field, want] of Object.entries(expected)) {
      if (want === undefined) continue
      const w = value(want as AddressRef, `${path}.${field}`)
      if (!same(w, actual[field])) mismatches.push(`${path}.${field}: expected ${w}, got ${actual[field] ?? '(none)'}`)
    }
  }
  const list = (name: string, expected: Array<Record<string, unknown>> | undefined, actual: Array<Record<string, Actual>>): void => {
    if (!expected) return
    if (expected.length !== actual.length) {
      mismatches.push(`${name}: expected ${expected.length} entr${expected.length === 1 ? 'y' : 'ies'}, got ${actual.length}${actual.length ? ` (${actual.map((a) => JSON.stringify(a)).join(', ')})` : ''}`)
    }
    expected.forEach((e, i) => {
      if (actual[i]) fields(`${name}[${i}]`, e, actual[i])
    })
  }
  if (expectation.outcome !== undefined && expectation.outcome !== trace.outcome) {
    mismatches.push(`outcome: expected ${expectation.outcome}, got ${trace.outcome}${trace.outcome_detail ? ` (${trace.outcome_detail})` : ''}`)
  }
  list('guest_exceptions', expectation.guest_exceptions, trace.guest_exceptions as unknown as Array<Record<string, Actual>>)
  list('exits', expectation.exits, trace.exits as unknown as Array<Record<string, Actual>>)
  list('vmexits', expectation.vmexits, trace.vmexits as unknown as Array<Record<string, Actual>>)
  if (expectation.vmm) {
    const expectedVmm = expectation.vmm.map((v) => ({ action: v.action, ...v.result }))
    list('vmm', expectedVmm, trace.vmm.map((v) => ({ action: v.action, ...v.result })))
  }
  if (expectation.final) {
    const registers = trace.events.length ? finalRegisters(trace) : {}
    fields('final', expectation.final as Record<string, unknown>, { ...registers, ...trace.final })
  }
  return mismatches
}

/** Final GPRs are not part of Trace.final; expectations about them read the last get_regs result. */
function finalRegisters(trace: Trace): Record<string, Actual> {
  const regs = [...trace.vmm].reverse().find((v) => v.action === 'get_regs')
  return (regs?.result ?? {}) as Record<string, Actual>
}
