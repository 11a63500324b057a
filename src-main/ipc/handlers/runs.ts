// runs:* — both sides and the native reference in parallel worker threads, then the comparison in one more.
import { availableParallelism } from 'node:os'
import type { CompareResult, Trace, Vendor } from '@patchlab/emulator-core/types'
import type { Handlers, LabEvents, MatrixCell, NativeAgreement, MatrixRequest, MatrixResponse, RunFailure, RunRequest, RunResponse, SideSpec } from '../contract'
import type { ComparisonStore } from './comparison-store'
import type { EngineJob, EngineWorkers } from './engine-workers'
import type { EngineTask, EngineTaskResult } from './engine-tasks'

export type Emit = <E extends keyof LabEvents>(event: E, payload: LabEvents[E]) => void

export interface RunsDeps {
  workers: EngineWorkers
  emit: Emit
  comparisons: ComparisonStore
  now?: () => number
}

type RunsHandlers = Pick<Handlers, 'runs:compare' | 'runs:matrix' | 'runs:cancel'>

const VENDORS: Vendor[] = ['intel', 'amd']

export function createRunsHandlers(deps: RunsDeps): RunsHandlers {
  const active = new Map<string, Set<EngineJob>>()
  const cancelledRuns = new Set<string>()
  const now = deps.now ?? (() => performance.now())

  /** Starts one job under a run id; a cancelled run refuses new jobs. */
  async function job(runId: string, label: string, task: EngineTask): Promise<EngineTaskResult> {
    if (cancelledRuns.has(runId)) return { ok: false, error: { kind: 'cancelled', message: 'run cancelled' } }
    const started = deps.workers.start(task)
    const jobs = active.get(runId) ?? new Set<EngineJob>()
    jobs.add(started)
    active.set(runId, jobs)
    deps.emit('runs:progress', { runId, label, state: 'started' })
    const result = await started.result
    jobs.delete(started)
    const state = result.ok ? 'done' : result.error.kind === 'cancelled' ? 'cancelled' : 'failed'
    deps.emit('runs:progress', { runId, label, state })
    return result
  }

  function finish(runId: string): void {
    active.delete(runId)
    cancelledRuns.delete(runId)
  }

  async function compare(req: RunRequest): Promise<RunResponse> {
    const t0 = now()
    const reference: SideSpec = { build: req.sides[0].build, mode: 'native' }
    const runSide = (side: SideSpec, label: string) =>
      job(req.runId, label, {
        task: 'run',
        text: req.text,
        file: req.file,
        build: side.build,
        mode: side.mode,
        vendor: req.vendor,
        knobs: req.knobs,
        instructionBudget: req.instructionBudget,
      })
    try {
      const results = await Promise.all([
        runSide(req.sides[0], `A: ${req.sides[0].build}/${req.sides[0].mode}`),
        runSide(req.sides[1], `B: ${req.sides[1].build}/${req.sides[1].mode}`),
        runSide(reference, `native reference: ${reference.build}`),
      ])
      const failure = firstFailure(results)
      if (failure) return { ok: false, runId: req.runId, error: failure }
      const [a, b, ref] = results.map((r) => (r as { value: Trace }).value)
      const scenario = { text: req.text, file: req.file }
      const [compared, agreesA, agreesB] = await Promise.all([
        job(req.runId, 'compare', { task: 'compare', ...scenario, a, b }),
        job(req.runId, 'reference vs A', { task: 'agrees', ...scenario, reference: resultsOnly(ref), run: resultsOnly(a) }),
        job(req.runId, 'reference vs B', { task: 'agrees', ...scenario, reference: resultsOnly(ref), run: resultsOnly(b) }),
      ])
      const failed = firstFailure([compared, agreesA, agreesB])
      if (failed) return { ok: false, runId: req.runId, error: failed }
      const compare: CompareResult = { ...(compared as { value: Omit<CompareResult, 'traces'> }).value, traces: [a, b] }
      deps.comparisons.put(req.runId, compare)
      return {
        ok: true,
        runId: req.runId,
        compare,
        reference: { build: reference.build, a: (agreesA as { value: NativeAgreement }).value, b: (agreesB as { value: NativeAgreement }).value },
        elapsedMs: now() - t0,
      }
    } finally {
      finish(req.runId)
    }
  }

  async function matrix(req: MatrixRequest): Promise<MatrixResponse> {
    const tasks: Array<{ label: string; task: EngineTask }> = []
    for (const build of req.builds)
      for (const vendor of VENDORS)
        for (const payloadCap of [false, true])
          tasks.push({
            label: `${build}/${vendor}/cap ${payloadCap ? 'on' : 'off'}`,
            task: { task: 'matrix-pair', text: req.text, file: req.file, build, vendor, payloadCap },
          })
    try {
      const results = await mapLimited(tasks, availableParallelism(), (t) => job(req.runId, t.label, t.task))
      const cancelled = results.find((r) => !r.ok && r.error.kind === 'cancelled')
      if (cancelled && !cancelled.ok) return { ok: false, runId: req.runId, error: cancelled.error }
      const input = results.find((r) => !r.ok && r.error.kind === 'input')
      if (input && !input.ok) return { ok: false, runId: req.runId, error: input.error }
      const cells = results.flatMap((r, i): MatrixCell[] => (r.ok ? (r.value as MatrixCell[]) : failedCells(tasks[i].task, r.error)))
      return { ok: true, runId: req.runId, cells }
    } finally {
      finish(req.runId)
    }
  }

  return {
    'runs:compare': compare,
    'runs:matrix': matrix,
    'runs:cancel': ({ runId }) => {
      const jobs = active.get(runId)
      if (!jobs) return { cancelled: false }
      cancelledRuns.add(runId)
      for (const j of jobs) j.cancel()
      return { cancelled: true }
    },
  }
}

/** The divergence signature reads only the result lists, so the agreement workers need no events. */
function resultsOnly(trace: Trace): Trace {
  return { ...trace, events: [] }
}

/** Cancellation wins over a crash, which wins over an engine error, so the UI names the real cause. */
function firstFailure(results: EngineTaskResult[]): RunFailure | undefined {
  const failures = results.flatMap((r) => (r.ok ? [] : [r.error]))
  const rank = (f: RunFailure) => ['cancelled', 'input', 'crashed', 'engine'].indexOf(f.kind)
  return failures.sort((x, y) => rank(x) - rank(y))[0]
}

function failedCells(task: EngineTask, error: RunFailure): MatrixCell[] {
  if (task.task !== 'matrix-pair') return []
  const message = 'message' in error ? error.message : 'input error'
  return (['fep', 'native'] as const).map((mode) => ({
    build: task.build,
    mode,
    vendor: task.vendor,
    payloadCap: task.payloadCap,
    outcome: 'error' as const,
    dr6: [],
    error: message,
  }))
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
  return out
}
