// Differential exploration figures (issue 5 §5): fuzz throughput per core, scaling over worker
// threads, and the time to minimize one divergence, all on pre vs post with a fixed seed.
import { availableParallelism } from 'node:os'
import { CampaignTally, finishCluster, fuzzChunk, type FuzzOptions } from '../emulator-core/src/explore'
import { exploreEngine } from '../emulator-core/src/node/explore-engine'
import { searchParallel } from '../emulator-core/src/node/parallel-fuzz'
import type { Benchmark, Figure } from './figure'

const OPTIONS: FuzzOptions = { builds: ['pre', 'post'], seed: 2026, count: 0 }
const CASES_PER_WORKER = 1500
const SUSTAINED_FROM = 6000
const SUSTAINED_CASES = 3000

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const bench: Benchmark = {
  title: 'Differential exploration (fuzz pre vs post, seed 2026)',
  async run(): Promise<Figure[]> {
    const { runScenario } = exploreEngine
    fuzzChunk(runScenario, OPTIONS, 0, 300) // warm-up: JIT and decode caches
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const chunk = fuzzChunk(runScenario, OPTIONS, 300, 300 + CASES_PER_WORKER)
    const perCore = (CASES_PER_WORKER * 1000) / (performance.now() - t0)
    const perCoreCpu = (CASES_PER_WORKER * 1000) / cpuMs(process.cpuUsage(cpu0))
    // A long campaign's rate (cases from SUSTAINED_FROM on): the JIT keeps improving the hot paths for
    // several thousand cases more.
    fuzzChunk(runScenario, OPTIONS, 300 + CASES_PER_WORKER, SUSTAINED_FROM)
    const t1 = performance.now()
    fuzzChunk(runScenario, OPTIONS, SUSTAINED_FROM, SUSTAINED_FROM + SUSTAINED_CASES)
    const sustained = (SUSTAINED_CASES * 1000) / (performance.now() - t1)

    // Worker runs: the search phase only (minimizing every cluster would swamp the rate). The machine
    // may be shared, so each is also given per CPU-second of all the process's threads.
    const cores = availableParallelism()
    const rate = async (jobs: number): Promise<{ wall: number; cpu: number }> => {
      const { tally, searchMs, searchCpuMs } = await searchParallel({ ...OPTIONS, count: CASES_PER_WORKER * jobs }, { jobs })
      return { wall: (tally.cases * 1000) / searchMs, cpu: (tally.cases * 1000) / searchCpuMs }
    }
    const one = await rate(1)
    const all = await rate(cores)

    const tally = new CampaignTally()
    tally.add(chunk)
    const minimizeMs = tally.clusters().slice(0, 9).map((cluster) => {
      const t = performance.now()
      finishCluster(runScenario, OPTIONS, cluster)
      return performance.now() - t
    })

    return [
      { name: 'fuzz_scenario_pairs_per_second_per_core', value: Math.round(perCore), goal: { op: '>=', value: 5000 } },
      { name: 'fuzz_scenario_pairs_per_cpu_second_per_core', value: Math.round(perCoreCpu) },
      { name: 'fuzz_scenario_pairs_per_second_per_core_sustained', value: Math.round(sustained) },
      { name: 'fuzz_scenario_pairs_per_second_1_worker', value: Math.round(one.wall) },
      { name: 'fuzz_scenario_pairs_per_cpu_second_1_worker', value: Math.round(one.cpu) },
      { name: `fuzz_scenario_pairs_per_second_${cores}_workers`, value: Math.round(all.wall) },
      { name: `fuzz_scenario_pairs_per_cpu_second_${cores}_workers`, value: Math.round(all.cpu) },
      { name: `fuzz_speedup_1_to_${cores}_workers_x`, value: Math.round((all.wall / one.wall) * 100) / 100, goal: { op: '>=', value: cores >= 2 ? 1.8 : 1 } },
      // What the speedup would be on idle cores: the workers' rate per CPU-second, times the workers.
      { name: `fuzz_cpu_time_speedup_1_to_${cores}_workers_x`, value: Math.round(((all.cpu * cores) / one.cpu) * 100) / 100 },
      { name: 'fuzz_minimize_one_divergence_median_ms', value: minimizeMs.length ? Math.round(median(minimizeMs)) : -1, goal: { op: '<=', value: 1000 } },
    ]
  },
}

export default bench
