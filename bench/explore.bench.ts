// Differential exploration figures (issue 5 §5): fuzz throughput per core, scaling from one core to
// all, and the time to minimize one divergence, all on pre vs post with a fixed seed.
import { execFileSync, spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { CampaignTally, finishCluster, fuzzChunk, type FuzzOptions } from '@patchlab/emulator-core/explore'
import { exploreEngine } from '@patchlab/emulator-core/node'
import { searchParallel } from '@patchlab/emulator-core/node'
import type { Benchmark, Figure } from './figure'

const OPTIONS: FuzzOptions = { builds: ['pre', 'post'], seed: 2026, count: 0 }
/**
 * Cases each worker searches for the throughput and scaling figures. A campaign runs for a minute
 * (`--time 60s`, several hundred thousand cases), so its rate is the engine's steady rate: 30,000
 * cases (a few seconds) measure that, where a short window mostly measures the JIT warming up.
 */
const CASES_PER_WORKER = 30_000
/** Runs of each process-level search (one core, all cores); the figures are their medians. */
const REPEATS = 3
/** The fresh-thread figure: this many cases right after a 300-case warm-up in this thread. */
const FIRST_CASES = 1500
const SEARCH_SCRIPT = fileURLToPath(new URL('./fuzz-search.ts', import.meta.url))

interface SearchRun {
  jobs: number
  cases: number
  searchMs: number
  searchCpuMs: number
}

/**
 * A fuzz search in a fresh process with one worker per core it may use; `oneCore` pins the whole
 * process (worker, V8's GC and compiler threads, everything) to CPU 0, which is what one core means.
 */
function searchInProcess(oneCore: boolean): SearchRun {
  const node = [process.execPath, '--import', 'tsx', SEARCH_SCRIPT, String(CASES_PER_WORKER)]
  const [command, ...args] = oneCore ? ['taskset', '-c', '0', ...node] : node
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8' })) as SearchRun
}

/** taskset (util-linux) pins the one-core run; without it that figure is reported as -1. */
function canPin(): boolean {
  return spawnSync('taskset', ['--version']).status === 0
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const perSecond = (run: { cases: number }, ms: number): number => (run.cases * 1000) / ms

const bench: Benchmark = {
  title: 'Differential exploration (fuzz pre vs post, seed 2026)',
  async run(): Promise<Figure[]> {
    const { runScenario } = exploreEngine
    fuzzChunk(runScenario, OPTIONS, 0, 300) // warm-up: runtime images, decode caches, first JIT tier
    const t0 = performance.now()
    const chunk = fuzzChunk(runScenario, OPTIONS, 300, 300 + FIRST_CASES)
    const firstCases = (FIRST_CASES * 1000) / (performance.now() - t0)

    // The goal figures: one core against all cores, each a fresh process searching CASES_PER_WORKER
    // cases per worker after its workers' warm-up. The host's load varies from run to run (a shared
    // VM), so each is the median of REPEATS runs, one-core and all-core runs alternating.
    const cores = availableParallelism()
    const pin = canPin()
    const oneRuns: SearchRun[] = []
    const allRuns: SearchRun[] = []
    for (let i = 0; i < REPEATS; i++) {
      if (pin) oneRuns.push(searchInProcess(true))
      allRuns.push(searchInProcess(false))
    }

    // For comparison: one unpinned worker. It is not one core: V8's GC and compiler threads run beside
    // it on the other cores (see its CPU-seconds per second).
    const unpinned = await searchParallel({ ...OPTIONS, count: CASES_PER_WORKER }, { jobs: 1 })

    const tally = new CampaignTally()
    tally.add(chunk)
    const minimizeMs = tally.clusters().slice(0, 9).map((cluster) => {
      const t = performance.now()
      finishCluster(runScenario, OPTIONS, cluster)
      return performance.now() - t
    })

    const oneRate = pin ? median(oneRuns.map((r) => perSecond(r, r.searchMs))) : -1
    const allRate = median(allRuns.map((r) => perSecond(r, r.searchMs)))
    const unpinnedRate = perSecond(unpinned.tally, unpinned.searchMs)
    const x100 = (v: number): number => Math.round(v * 100) / 100
    return [
      { name: 'fuzz_scenario_pairs_per_second_per_core', value: Math.round(oneRate), goal: { op: '>=', value: 5000 } },
      { name: `fuzz_scenario_pairs_per_second_${cores}_cores`, value: Math.round(allRate) },
      { name: `fuzz_speedup_1_to_${cores}_cores_x`, value: pin ? x100(allRate / oneRate) : -1, goal: { op: '>=', value: cores >= 2 ? 1.8 : 1 } },
      { name: `fuzz_scenario_pairs_per_cpu_second_${cores}_cores`, value: Math.round(median(allRuns.map((r) => perSecond(r, r.searchCpuMs)))) },
      { name: 'fuzz_scenario_pairs_per_second_1_worker_unpinned', value: Math.round(unpinnedRate) },
      { name: 'fuzz_1_worker_unpinned_cpu_seconds_per_second', value: x100(unpinned.searchCpuMs / unpinned.searchMs) },
      { name: `fuzz_speedup_1_worker_unpinned_to_${cores}_cores_x`, value: x100(allRate / unpinnedRate) },
      { name: `fuzz_scenario_pairs_per_second_first_${FIRST_CASES}_cases`, value: Math.round(firstCases) },
      { name: 'fuzz_minimize_one_divergence_median_ms', value: minimizeMs.length ? Math.round(median(minimizeMs)) : -1, goal: { op: '<=', value: 1000 } },
    ]
  },
}

export default bench
