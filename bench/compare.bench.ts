// Compare engine figures: compares per second over examples/ (pre vs post in fep mode, one core, a
// compare being both runs plus the comparison), the median time of one compare, and the alignment
// and compare time of a generated 100,000-event pair of traces.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { alignEvents, compareTraces } from '@patchlab/emulator-core/compare'
import { runScenario } from '@patchlab/emulator-core'
import { parseScenario } from '@patchlab/emulator-core/scenario'
import type { Scenario, Trace, TraceEvent } from '@patchlab/emulator-core/types'
import type { Benchmark, Figure } from './figure'

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples')
/** Keep comparing the whole examples/ set until this much time has passed. */
const MEASURE_MS = 2000

const EVENTS = 100_000

/**
 * A run that mostly executes instructions, with a #DB queued and injected every 50 events and a
 * KVM_EXIT_DEBUG plus a VMM read every 1,000: the shape of a long single-step or watchpoint run.
 */
function generatedEvents(count: number): TraceEvent[] {
  const events: TraceEvent[] = []
  for (let i = 0; events.length < count; i++) {
    const rip = `0x${(0x1000 + (i % 4096) * 3).toString(16)}` as const
    const seq = events.length
    if (i % 1000 === 999) {
      events.push({ kind: 'exit', seq, reason: 'DEBUG', exception: 1, pc: rip, dr6: '0xffff4ff0', by: 'kvm_inject_emulated_db' })
      events.push({ kind: 'vmm', seq: seq + 1, action: 'get_debugregs', result: { dr6: '0xffff0ff0', dr7: '0x400' } })
    } else if (i % 50 === 49) {
      events.push({ kind: 'exception', seq, action: 'queued', vector: 1, has_payload: true, payload: '0x4000', dr6_before: '0xffff0ff0', dr6_after: '0xffff0ff0', rip, level: 'L1', by: 'kvm_inject_emulated_db' })
      events.push({ kind: 'exception', seq: seq + 1, action: 'injected', vector: 1, has_payload: true, payload: '0x4000', dr6_before: '0xffff0ff0', dr6_after: '0xffff4ff0', rip, level: 'L1', by: 'kvm_deliver_exception_payload' })
    } else {
      events.push({ kind: 'insn', seq, rip, text: i % 2 ? 'nop' : 'add $0x1,%rax', path: i % 7 ? 'native' : 'emulated', level: 'L1' })
    }
  }
  return events.slice(0, count)
}

/** Side B: the same run with a changed DR6 in three places, five events gone and five extra. */
function divergedEvents(events: TraceEvent[]): TraceEvent[] {
  const b = events.map((e) => ({ ...e }))
  for (const at of [10_049, 50_049, 90_049]) {
    const e = b[at]
    if (e.kind === 'exception') e.dr6_after = '0xffff6ff0'
  }
  b.splice(30_000, 5)
  b.splice(70_000, 0, ...Array.from({ length: 5 }, (_, k): TraceEvent => ({ kind: 'vmm', seq: 0, action: `extra_${k}` })))
  return b
}

function trace(events: TraceEvent[], build: string): Trace {
  return {
    schema: 'patchlab.trace/1', build, stack: [], mode: 'fep', vendor: 'intel', scenario: 'generated', outcome: 'limit',
    events, guest_exceptions: [], exits: [], vmexits: [], vmm: [],
    final: { rip: '0x1000', rflags: '0x2', dr0: '0x0', dr1: '0x0', dr2: '0x0', dr3: '0x0', dr6: '0xffff0ff0', dr7: '0x400' },
    symbols: {},
  }
}

interface Example {
  scenario: Scenario
  file: string
  source: string
}

function loadExamples(): Example[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = join(examplesDir, f)
      const source = readFileSync(file, 'utf8')
      const scenario = parseScenario(source, file, { loadBinary: (p) => readFileSync(join(examplesDir, p)) })
      return { scenario, file, source }
    })
}

/** One compare as `patchlab compare S --builds pre,post` does it: both runs, then the comparison. */
function compareOne(e: Example): void {
  const a = runScenario(e.scenario, { build: 'pre', mode: 'fep' })
  const b = runScenario(e.scenario, { build: 'post', mode: 'fep' })
  compareTraces({ name: e.scenario.name, file: e.file, source: e.source }, a, b)
}

/**
 * Compares per second over all of examples/ on one core, the median time of one compare, and how
 * many of those compares per second the comparison alone (on traces already run) would allow.
 */
function examplesFigures(): Figure[] {
  const examples = loadExamples()
  examples.forEach(compareOne)
  const traces = examples.map((e) => [runScenario(e.scenario, { build: 'pre', mode: 'fep' }), runScenario(e.scenario, { build: 'post', mode: 'fep' })] as const)
  const times: number[] = []
  const start = performance.now()
  while (performance.now() - start < MEASURE_MS) {
    for (const e of examples) {
      const t = performance.now()
      compareOne(e)
      times.push(performance.now() - t)
    }
  }
  const seconds = (performance.now() - start) / 1000
  times.sort((x, y) => x - y)
  let compared = 0
  const compareStart = performance.now()
  while (performance.now() - compareStart < MEASURE_MS / 4) {
    examples.forEach((e, i) => compareTraces({ name: e.scenario.name, file: e.file, source: e.source }, ...traces[i]))
    compared += examples.length
  }
  return [
    { name: 'compare_examples_per_second', value: Math.round(times.length / seconds), goal: { op: '>=', value: 2000 } },
    { name: 'compare_median_ms', value: times[times.length >> 1] },
    { name: 'compare_traces_only_examples_per_second', value: Math.round(compared / ((performance.now() - compareStart) / 1000)) },
  ]
}

function medianMs(runs: number, fn: () => void): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  times.sort((x, y) => x - y)
  return times[times.length >> 1]
}

const bench: Benchmark = {
  title: 'compare engine',
  async run(): Promise<Figure[]> {
    const a = generatedEvents(EVENTS)
    const b = divergedEvents(a)
    const ta = trace(a, 'pre'), tb = trace(b, 'post')
    alignEvents(a, b)
    return [
      ...examplesFigures(),
      { name: 'align_100k_events_ms', value: medianMs(5, () => alignEvents(a, b)), goal: { op: '<=', value: 1000 } },
      { name: 'compare_100k_events_ms', value: medianMs(5, () => compareTraces({ name: 'generated' }, ta, tb)), goal: { op: '<=', value: 1000 } },
    ]
  },
}

export default bench
