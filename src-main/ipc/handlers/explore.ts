// explore:* — "Which patch changed this?" and the fuzz campaign of the Explore panel, each on an engine worker.
import type { BisectResponse, FuzzResponse, FuzzSummary, Handlers } from '../contract'
import type { BisectOutcome } from './bisect-task'
import type { EngineJob, EngineWorkers } from './engine-workers'
import type { Emit } from './runs'

export interface ExploreDeps {
  workers: Pick<EngineWorkers, 'start'>
  emit: Emit
}

type ExploreHandlers = Pick<Handlers, 'explore:bisect' | 'explore:fuzz' | 'explore:stop'>

export function createExploreHandlers(deps: ExploreDeps): ExploreHandlers {
  const campaigns = new Map<string, EngineJob>()

  return {
    async 'explore:bisect'(req): Promise<BisectResponse> {
      const { runId, ...rest } = req
      const result = await deps.workers.start({ task: 'bisect', ...rest }).result
      if (!result.ok) return { ok: false, runId, error: result.error }
      const outcome = result.value as BisectOutcome
      if (!outcome.applies) return { ok: false, runId, error: { kind: 'not-applicable', message: outcome.reason } }
      return { ok: true, runId, bisect: outcome.bisect }
    },

    async 'explore:fuzz'(req): Promise<FuzzResponse> {
      const { runId, ...options } = req
      const job = deps.workers.start({ task: 'fuzz', ...options }, (p) =>
        deps.emit('explore:progress', { runId, cases: p.cases, clusters: p.clusters, casesPerSecond: p.casesPerSecond, elapsedMs: p.elapsedMs }),
      )
      campaigns.set(runId, job)
      try {
        const result = await job.result
        return result.ok ? { ok: true, runId, report: result.value as FuzzSummary } : { ok: false, runId, error: result.error }
      } finally {
        campaigns.delete(runId)
      }
    },

    'explore:stop'({ runId }) {
      const job = campaigns.get(runId)
      job?.stop()
      return { stopped: job !== undefined }
    },
  }
}
