// Running a comparison (A, B and the native reference) and its result, progress, cancellation and errors.
// The result belongs to the input that produced it: once the editor or the pickers say something else, or a
// later run fails or is cancelled, it is stale; a failure belongs to the input it came from and leaves with it.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { CompareResult } from '@patchlab/emulator-core/types'
import type { LabEvents, ReferenceAgreement, RunFailure, RunRequest } from '../../../src-main/ipc/contract'
import { api, bridge } from '../ipc/lab'
import { newRunId } from '../run-id'
import { blankBuildErrors } from '../state/failure-text'
import { inputChange, inputKey, type RunInput, type StaleReason } from '../state/run-input'
import { useBuildsStore } from './builds'
import { useEditorStore } from './editor'

export type RunState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled'

export const useComparisonStore = defineStore('comparison', () => {
  const editor = useEditorStore()
  const builds = useBuildsStore()
  const state = ref<RunState>('idle')
  const runId = ref<string>()
  // A comparison can hold 100,000 rows and 200,000 events: never make it deeply reactive.
  const result = shallowRef<CompareResult>()
  const reference = ref<ReferenceAgreement>()
  /** The last attempt's failure, with the input it was about. */
  const lastFailure = shallowRef<{ failure: RunFailure; key: string }>()
  const progress = ref<LabEvents['runs:progress'][]>([])
  /** Click-to-result time measured in the renderer (includes IPC and both workers). */
  const startedAt = ref(0)
  /** When the comparison arrived from the handlers (before Vue renders it). */
  const arrivedAt = ref(0)
  const engineMs = ref<number>()
  /** What produced `result` (text, sides, knobs): bisect walks exactly that, whatever the pickers say now. */
  const request = shallowRef<RunRequest>()
  /** The run id of the comparison on screen (export renders that one, not a later failed attempt). */
  const resultRunId = ref<string>()

  /** What a Run would send now. */
  const currentInput = computed<RunInput>(() => ({
    text: editor.text,
    file: editor.sourcePath ?? editor.fileName,
    sides: [{ ...builds.sideA }, { ...builds.sideB }],
    vendor: builds.vendor,
    knobs: { ...builds.knobs },
    instructionBudget: builds.instructionBudget,
  }))
  const currentKey = computed(() => inputKey(currentInput.value))

  /** Shown only while the editor and pickers still say what produced it. */
  const failure = computed(() => (lastFailure.value && lastFailure.value.key === currentKey.value ? lastFailure.value.failure : undefined))

  const staleReason = computed<StaleReason | undefined>(() => {
    if (!request.value) return undefined
    const changed = inputChange(request.value, currentInput.value)
    if (changed) return changed
    if (state.value === 'failed') return 'failed'
    if (state.value === 'cancelled') return 'cancelled'
    return undefined
  })

  bridge.on('runs:progress', (p) => {
    if (p.runId === runId.value) progress.value = [...progress.value.filter((q) => q.label !== p.label), p]
  })

  function fail(f: RunFailure, key: string): void {
    lastFailure.value = { failure: f, key }
    state.value = f.kind === 'cancelled' ? 'cancelled' : 'failed'
    if (f.kind === 'input') editor.runErrors = f.errors
  }

  async function run(): Promise<void> {
    if (state.value === 'running') return
    const input = currentInput.value
    const key = currentKey.value
    const id = newRunId()
    runId.value = id
    lastFailure.value = undefined
    progress.value = []
    startedAt.value = performance.now()
    const blank = blankBuildErrors(input.sides.map((s) => s.build))
    if (blank.length) return fail({ kind: 'input', errors: blank }, key)
    state.value = 'running'
    const sent: RunRequest = { runId: id, ...input }
    try {
      const response = await api.compare(sent)
      if (runId.value !== id) return
      if (response.ok) {
        arrivedAt.value = performance.now()
        request.value = sent
        resultRunId.value = id
        result.value = response.compare
        reference.value = response.reference
        engineMs.value = response.elapsedMs
        state.value = 'done'
      } else fail(response.error, key)
    } catch (e) {
      fail({ kind: 'engine', message: e instanceof Error ? e.message : String(e) }, key)
    }
  }

  async function cancel(): Promise<void> {
    if (state.value === 'running' && runId.value) await api.cancel(runId.value)
  }

  return { state, runId, resultRunId, result, request, reference, failure, staleReason, progress, startedAt, arrivedAt, engineMs, run, cancel }
})
