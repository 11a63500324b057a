import { InputErrors, type RunMode, type Scenario } from '../types'
import { clusterDivergences, type Cluster, type Divergence } from './cluster'
import { runPair } from './differential'
import { expectationFromTrace } from './expectation'
import { generateCase } from './grammar'
import { minimizeDivergence } from './minimize'
import { renderScenario } from './render'
import type { RunFn } from './run-fn'
import { divergenceSignature, type SignaturePart } from './signature'

/** A fuzz campaign: two builds, one seed, a budget of cases or of time. */
export interface FuzzOptions {
  builds: [string, string]
  seed: number
  /** Run exactly this many cases (0 … count-1). */
  count?: number
  /** Or run for this long (the cases run are still a prefix 0 … N-1 of the seed's sequence). */
  timeMs?: number
  /** The mode both builds run in (default `fep`); the other mode is the reference column. */
  mode?: RunMode
}

/** What one contiguous block of cases produced. */
export interface ChunkResult {
  start: number
  end: number
  divergences: Divergence[]
  /** Cases the engine rejected (they are skipped, not counted as divergences). */
  rejected: number
  /** The first few rejection messages, for the report. */
  rejections: string[]
}

export interface FuzzProgress {
  cases: number
  clusters: number
  elapsedMs: number
  casesPerSecond: number
}

/** One cluster, minimized, with the case file ready to write. */
export interface FuzzCluster {
  signature: string
  parts: SignaturePart[]
  /** How many cases of the campaign diverged this way. */
  count: number
  first_case: number
  /** The minimized case, `expect` filled from both builds' runs. */
  scenario: Scenario
  instructions: number
  /** Which build matches the other mode's run (the architectural reference when mode is `fep`). */
  reference: 'a' | 'b' | 'both' | 'neither'
  minimize_tests: number
}

export interface FuzzReport {
  schema: 'patchlab.fuzz/1'
  builds: [string, string]
  seed: number
  mode: RunMode
  /** Cases run: exactly cases 0 … cases-1 of the seed. */
  cases: number
  rejected: number
  rejections: string[]
  interrupted: boolean
  /** Time running cases (the throughput figure), then the whole campaign including minimization. */
  search_ms: number
  elapsed_ms: number
  clusters: FuzzCluster[]
}

const MAX_REJECTIONS_KEPT = 5

export function caseName(seed: number, index: number): string {
  return `fuzz seed ${seed} case ${index}`
}

/** Runs cases start … end-1 on both builds and keeps the ones that diverge. */
export function fuzzChunk(run: RunFn, options: FuzzOptions, start: number, end: number): ChunkResult {
  const result: ChunkResult = { start, end, divergences: [], rejected: 0, rejections: [] }
  const mode = options.mode ?? 'fep'
  for (let index = start; index < end; index++) {
    const scenario = renderScenario(generateCase(options.seed, index).units, caseName(options.seed, index))
    if (!scenario) continue
    try {
      // The search compares observables only; the per-event trace is for the minimized cases shown later.
      const { signature } = runPair(run, scenario, options.builds, mode, 'none')
      if (signature) result.divergences.push({ index, signature })
    } catch (error) {
      result.rejected++
      if (result.rejections.length < MAX_REJECTIONS_KEPT) result.rejections.push(`case ${index}: ${describe(error)}`)
    }
  }
  return result
}

function describe(error: unknown): string {
  if (error instanceof InputErrors) return error.errors.map((e) => e.message).join('; ')
  return error instanceof Error ? error.message : String(error)
}

/** Minimizes a cluster's first case and fills its `expect` blocks from the two runs. */
export function finishCluster(run: RunFn, options: FuzzOptions, cluster: Cluster): FuzzCluster {
  const mode = options.mode ?? 'fep'
  const [a, b] = options.builds
  const name = caseName(options.seed, cluster.first)
  const minimized = minimizeDivergence(run, generateCase(options.seed, cluster.first).units, cluster.signature.key, options.builds, mode, name)
  // Each build's run in the other mode: in `native` the prefix is skipped and hardware paths run.
  const referenceMode: RunMode = mode === 'fep' ? 'native' : 'fep'
  const reference = runPair(run, minimized.scenario, options.builds, referenceMode)
  const aMatches = !divergenceSignature(minimized.pair.a, reference.a)
  const bMatches = !divergenceSignature(minimized.pair.b, reference.b)
  const scenario: Scenario = {
    ...minimized.scenario,
    name: `fuzz ${a} vs ${b}: ${cluster.signature.parts.map((p) => p.observable).join(', ')} differ`,
    description:
      `Found by patchlab fuzz --builds ${a},${b} --seed ${options.seed} (case ${cluster.first}, ${cluster.count} cases in this cluster); ` +
      `minimized by delta debugging. Divergence: ${cluster.signature.key}`,
    expect: {
      [`${a}/${mode}`]: expectationFromTrace(minimized.pair.a),
      [`${b}/${mode}`]: expectationFromTrace(minimized.pair.b),
    },
  }
  return {
    signature: cluster.signature.key,
    parts: cluster.signature.parts,
    count: cluster.count,
    first_case: cluster.first,
    scenario,
    instructions: minimized.instructions,
    reference: aMatches && bMatches ? 'both' : aMatches ? 'a' : bMatches ? 'b' : 'neither',
    minimize_tests: minimized.tests,
  }
}

/** Accumulates chunk results; chunks may arrive in any order. */
export class CampaignTally {
  cases = 0
  rejected = 0
  readonly rejections: string[] = []
  readonly divergences: Divergence[] = []
  private readonly keys = new Set<string>()

  add(chunk: ChunkResult): void {
    this.cases += chunk.end - chunk.start
    this.rejected += chunk.rejected
    for (const r of chunk.rejections) if (this.rejections.length < MAX_REJECTIONS_KEPT) this.rejections.push(r)
    for (const d of chunk.divergences) {
      this.divergences.push(d)
      this.keys.add(d.signature.key)
    }
  }

  progress(elapsedMs: number): FuzzProgress {
    return { cases: this.cases, clusters: this.keys.size, elapsedMs, casesPerSecond: elapsedMs > 0 ? Math.round((this.cases * 1000) / elapsedMs) : 0 }
  }

  clusters(): Cluster[] {
    return clusterDivergences(this.divergences)
  }

  report(options: FuzzOptions, clusters: FuzzCluster[], interrupted: boolean, timing: { searchMs: number; elapsedMs: number }): FuzzReport {
    // Rejection messages sorted by case so the report does not depend on worker timing.
    const rejections = [...this.rejections].sort((x, y) => caseNumber(x) - caseNumber(y))
    return {
      schema: 'patchlab.fuzz/1',
      builds: options.builds,
      seed: options.seed,
      mode: options.mode ?? 'fep',
      cases: this.cases,
      rejected: this.rejected,
      rejections,
      interrupted,
      search_ms: Math.round(timing.searchMs),
      elapsed_ms: Math.round(timing.elapsedMs),
      clusters,
    }
  }
}

function caseNumber(rejection: string): number {
  return Number(/^case (\d+)/.exec(rejection)?.[1] ?? 0)
}

/** Checks a campaign's budget before it starts. */
export function validateFuzzOptions(options: FuzzOptions): void {
  if (options.count === undefined && options.timeMs === undefined) throw new RangeError('a fuzz campaign needs a budget: count or timeMs')
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 0)) throw new RangeError(`count must be a whole number, got ${options.count}`)
  if (!Number.isInteger(options.seed)) throw new RangeError(`seed must be an integer, got ${options.seed}`)
}

export interface CampaignHooks {
  onProgress?: (progress: FuzzProgress) => void
  /** Stops after the chunk in progress; what was found is still minimized and reported. */
  signal?: AbortSignal
  chunkSize?: number
  now?: () => number
}

export const DEFAULT_CHUNK_SIZE = 64

/** Whether a campaign should start another chunk at case `next`. */
export function budgetLeft(options: FuzzOptions, next: number, elapsedMs: number, signal?: AbortSignal): boolean {
  if (signal?.aborted) return false
  if (options.count !== undefined && next >= options.count) return false
  return options.timeMs === undefined || elapsedMs < options.timeMs
}

/**
 * A whole campaign in this thread (the app's Explore panel, tests). It yields to the event loop
 * between chunks so progress can be shown and `signal` can stop it. `node/parallel-fuzz` runs the
 * same chunks on all cores and produces the same report.
 */
export async function fuzzCampaign(run: RunFn, options: FuzzOptions, hooks: CampaignHooks = {}): Promise<FuzzReport> {
  validateFuzzOptions(options)
  const now = hooks.now ?? (() => Date.now())
  const chunkSize = hooks.chunkSize ?? DEFAULT_CHUNK_SIZE
  const started = now()
  const tally = new CampaignTally()
  let next = 0
  while (budgetLeft(options, next, now() - started, hooks.signal)) {
    const end = options.count !== undefined ? Math.min(next + chunkSize, options.count) : next + chunkSize
    tally.add(fuzzChunk(run, options, next, end))
    next = end
    hooks.onProgress?.(tally.progress(now() - started))
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  const searchMs = now() - started
  const clusters = tally.clusters().map((c) => finishCluster(run, options, c))
  return tally.report(options, clusters, hooks.signal?.aborted ?? false, { searchMs, elapsedMs: now() - started })
}
