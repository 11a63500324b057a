// Run-path figures: the CPU time of one small scenario run and how many runs of examples/ one core
// does per second (each example on pre and post, fep mode). CPU time (process.cpuUsage) rather than
// wall time, because the bench machine is shared with other test runs.
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runScenario } from '@patchlab/emulator-core'
import { parseScenario } from '@patchlab/emulator-core/scenario'
import type { Scenario } from '@patchlab/emulator-core/types'
import type { Benchmark, Figure } from './figure'

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples')
/** Small, typical runs: a few guest instructions, the recording handler, one to three exits. */
const SMALL = ['s01-gd-fep-mov-dr0.yaml', 's05-host-code-bp-fep-nop.yaml', 's07-guest-code-bp-fep-nop.yaml', 's10c-guest-tf-fep-nop.yaml']
/** Runs per timed batch: one run is far below the CPU clock's useful resolution. */
const BATCH = 50
const BATCHES = 21
/** Runs before timing, so the figures describe optimised code rather than the JIT's warm-up. */
const WARMUP_RUNS = 2000
const MEASURE_CPU_MS = 2000

function load(file: string): Scenario {
  const path = join(examplesDir, file)
  return parseScenario(readFileSync(path, 'utf8'), path, { loadBinary: (p) => readFileSync(join(examplesDir, p)) })
}

/** User+system CPU milliseconds used by this process so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

function runBoth(scenario: Scenario): void {
  runScenario(scenario, { build: 'pre', mode: 'fep' })
  runScenario(scenario, { build: 'post', mode: 'fep' })
}

/** Median over batches of the CPU time of one runScenario of a small example (cycling through SMALL). */
function smallRunMs(): number {
  const scenarios = SMALL.map(load)
  for (let i = 0; i < WARMUP_RUNS; i += 2) runBoth(scenarios[i % scenarios.length])
  const perRun: number[] = []
  for (let b = 0; b < BATCHES; b++) {
    const start = cpuMs()
    for (let i = 0; i < BATCH; i++) runScenario(scenarios[i % scenarios.length], { build: i & 1 ? 'post' : 'pre', mode: 'fep' })
    perRun.push((cpuMs() - start) / BATCH)
  }
  perRun.sort((x, y) => x - y)
  return perRun[perRun.length >> 1]
}

/** Runs per CPU second over every example on pre and post. */
function examplesRunsPerSecond(): number {
  const scenarios = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')).sort().map(load)
  for (let i = 0; i < WARMUP_RUNS; i += 2) runBoth(scenarios[i % scenarios.length])
  let runs = 0
  const start = cpuMs()
  while (cpuMs() - start < MEASURE_CPU_MS) {
    scenarios.forEach(runBoth)
    runs += 2 * scenarios.length
  }
  return Math.round(runs / ((cpuMs() - start) / 1000))
}

const bench: Benchmark = {
  title: 'scenario runs (CPU time, one core)',
  async run(): Promise<Figure[]> {
    return [
      { name: 'run_small_scenario_ms', value: smallRunMs(), goal: { op: '<=', value: 0.1 } },
      { name: 'runs_per_second_examples', value: examplesRunsPerSecond(), goal: { op: '>=', value: 4000 } },
    ]
  },
}

export default bench
