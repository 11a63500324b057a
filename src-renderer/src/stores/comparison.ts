// Running a comparison (A, B and the native reference) and its result, progress, cancellation and errors.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CompareResult } from '@patchlab/emulator-core/types'
import type { LabEvents, ReferenceAgreement, RunFailure, RunRequest } from '../../../src-main/ipc/contract'
import { api, bridge } from '../ipc/lab'
import { newRunId } from '../run-id'
import { useBuildsStore } from './builds'
import { useEditorStore } from './editor'

export type RunState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled'

export const useComparisonStore = defineStore('comparison', () => {
  const state = ref<RunState>('idle')
  const runId = ref<string>()
  // A comparison can hold 100,000 rows and 200,000 events: never make it deeply reactive.
  const result = shallowRef<CompareResult>()
  const reference = ref<ReferenceAgreement>()
  const failure = ref<RunFailure>()
  const progress = ref<LabEvents['runs:progress'][]>([])
  /** Click-to-result time measured in the renderer (includes IPC and both workers). */
  const startedAt = ref(0)
  /** When the comparison arrived from the handlers (before Vue renders it). */
  const arrivedAt = ref(0)
  const engineMs = ref<number>()
  /** What produced `result` (text, sides, knobs): bisect walks exactly that, whatever the pickers say now. */
  const request = shallowRef<RunRequest>()

  bridge.on('runs:progress', (p) => {
    if (p.runId === runId.value) progress.value = [...progress.value.filter((q) => q.label !== p.label), p]
  })

  async function run(): Promise<void> {
    if (state.value === 'running') return
    const editor = useEditorStore()
    const builds = useBuildsStore()
    const id = newRunId()
    runId.value = id
    state.value = 'running'
    failure.value = undefined
    progress.value = []
    startedAt.value = performance.now()
    const sent: RunRequest = {
      runId: id,
      text: editor.text,
      file: editor.sourcePath ?? editor.fileName,
      sides: [{ ...builds.sideA }, { ...builds.sideB }],
      vendor: builds.vendor,
      knobs: { ...builds.knobs },
      instructionBudget: builds.instructionBudget,
    }
    try {
      const response = await api.compare(sent)
      if (runId.value !== id) return
      if (response.ok) {
        arrivedAt.value = performance.now()
        request.value = sent
        result.value = response.compare
        reference.value = response.reference
        engineMs.value = response.elapsedMs
        state.value = 'done'
      } else {
        failure.value = response.error
        state.value = response.error.kind === 'cancelled' ? 'cancelled' : 'failed'
        if (response.error.kind === 'input') editor.runErrors = response.error.errors
      }
    } catch (e) {
      failure.value = { kind: 'engine', message: e instanceof Error ? e.message : String(e) }
      state.value = 'failed'
    }
  }

  async function cancel(): Promise<void> {
    if (state.value === 'running' && runId.value) await api.cancel(runId.value)
  }

  return { state, runId, result, request, reference, failure, progress, startedAt, arrivedAt, engineMs, run, cancel }
})
