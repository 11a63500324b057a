// The Explore panel: a fuzz campaign of two builds (as `patchlab fuzz`), its live progress, Stop, and the clusters.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { FuzzClusterSummary, FuzzProgressEvent, FuzzRequest, FuzzSummary, RunFailure } from '../../../src-main/ipc/contract'
import type { RunMode } from '@patchlab/emulator-core/types'
import { api, bridge } from '../ipc/lab'
import { newRunId } from '../run-id'
import { useBuildsStore } from './builds'
import { useEditorStore } from './editor'
import { useLibraryStore } from './library'

export type Budget = 'count' | 'time'

const REFERENCE_TEXT = { a: 'A matches the native reference', b: 'B matches the native reference', both: 'both match the native reference', neither: 'neither matches the native reference' } as const

/** The one line the editor shows above a minimized case: which cluster it stands for and what it found. */
export function clusterExplanation(campaign: FuzzSummary, cluster: FuzzClusterSummary): string {
  const n = campaign.clusters.indexOf(cluster) + 1
  return `fuzz cluster ${n} of ${campaign.builds[0]} vs ${campaign.builds[1]} (${campaign.mode}, seed ${campaign.seed}): ${cluster.count} case${cluster.count === 1 ? '' : 's'} diverged as ${cluster.signature}; ${REFERENCE_TEXT[cluster.reference]}; minimized to ${cluster.instructions} guest instruction${cluster.instructions === 1 ? '' : 's'}`
}

export const useExploreStore = defineStore('explore', () => {
  const builds = useBuildsStore()
  /** Until the user picks, the comparison's two sides. */
  const buildA = ref<string>()
  const buildB = ref<string>()
  const seed = ref(1)
  const budget = ref<Budget>('count')
  const count = ref(500)
  const seconds = ref(10)
  const mode = ref<RunMode>('fep')
  const running = ref(false)
  const stopping = ref(false)
  const runId = ref<string>()
  const progress = ref<FuzzProgressEvent>()
  const report = shallowRef<FuzzSummary>()
  const failure = ref<RunFailure>()

  bridge.on('explore:progress', (p) => {
    if (p.runId === runId.value) progress.value = p
  })

  function request(id: string): FuzzRequest {
    const pair: [string, string] = [buildA.value ?? builds.sideA.build, buildB.value ?? builds.sideB.build]
    const limit = budget.value === 'count' ? { count: count.value } : { timeMs: Math.round(seconds.value * 1000) }
    return { runId: id, builds: pair, seed: seed.value, mode: mode.value, ...limit }
  }

  async function start(): Promise<void> {
    if (running.value) return
    const id = newRunId()
    runId.value = id
    running.value = true
    stopping.value = false
    progress.value = undefined
    report.value = undefined
    failure.value = undefined
    try {
      const response = await api.fuzz(request(id))
      if (response.ok) report.value = response.report
      else failure.value = response.error
    } catch (e) {
      failure.value = { kind: 'engine', message: e instanceof Error ? e.message : String(e) }
    } finally {
      running.value = false
    }
  }

  /** The campaign finishes the cases in progress and minimizes what it found; start() then receives it. */
  async function stop(): Promise<void> {
    if (!running.value || !runId.value) return
    stopping.value = true
    await api.stopFuzz(runId.value)
  }

  /** A minimized case becomes an unsaved scenario in the library and the editor, with the campaign's builds as the sides. */
  async function open(cluster: FuzzClusterSummary): Promise<void> {
    const campaign = report.value
    if (!campaign) return
    useLibraryStore().addDraft(cluster.name, cluster.yaml, clusterExplanation(campaign, cluster))
    builds.sideA = { build: campaign.builds[0], mode: campaign.mode }
    builds.sideB = { build: campaign.builds[1], mode: campaign.mode }
    await useEditorStore().loadUnsaved(cluster.name, cluster.yaml)
  }

  return { buildA, buildB, seed, budget, count, seconds, mode, running, stopping, progress, report, failure, start, stop, open }
})
