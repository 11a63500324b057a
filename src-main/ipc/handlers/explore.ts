// explore:* — "Which patch changed this?" on an engine worker, and the Explore panel's fuzz campaign over all of them.
import { availableParallelism } from 'node:os'
import type { BisectResponse, FuzzProgressEvent, FuzzResponse, Handlers } from '../contract'
import type { BisectOutcome } from './bisect-task'
import type { EngineWorkers } from './engine-workers'
import { runCampaign } from './fuzz-campaign'
import type { Emit } from './runs'

export interface ExploreDeps {
  workers: Pick<EngineWorkers, 'start'>
  emit: Emit
  /** Worker threads a campaign uses at once (default: every core). */
  jobs?: number
  now?: () => number
}

type ExploreHandlers = Pick<Handlers, 'explore:bisect' | 'explore:fuzz' | 'explore:stop'>

/** At most this often a progress event crosses the IPC boundary. */
export const PROGRESS_INTERVAL_MS = 100

export function createExploreHandlers(deps: ExploreDeps): ExploreHandlers {
  const campaigns = new Map<string, AbortController>()
  const now = deps.now ?? (() => performance.now())

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
      const stop = new AbortController()
      campaigns.set(runId, stop)
      let lastSent = -Infinity
      let search: FuzzProgressEvent = { runId, cases: 0, clusters: 0, casesPerSecond: 0, elapsedMs: 0 }
      const send = (event: FuzzProgressEvent, force: boolean) => {
        if (!force && now() - lastSent < PROGRESS_INTERVAL_MS) return
        lastSent = now()
        deps.emit('explore:progress', event)
      }
      try {
        const outcome = await runCampaign(deps.workers, options, {
          jobs: deps.jobs ?? availableParallelism(),
          signal: stop.signal,
          now,
          onProgress: (p) => {
            search = { runId, cases: p.cases, clusters: p.clusters, casesPerSecond: p.casesPerSecond, elapsedMs: Math.round(p.elapsedMs) }
            send(search, false)
          },
          // The switch to minimizing is always sent, so the panel never shows a stale search figure as current.
          onMinimized: (done) => send({ ...search, minimized: done }, done === 0),
        })
        return 'clusters' in outcome ? { ok: true, runId, report: outcome } : { ok: false, runId, error: outcome }
      } finally {
        campaigns.delete(runId)
      }
    },

    'explore:stop'({ runId }) {
      const stop = campaigns.get(runId)
      stop?.abort()
      return { stopped: stop !== undefined }
    },
  }
}
