// The matrix of the open scenario over builds × {fep, native} × {intel, amd} × {payload cap off/on}.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { MatrixCell, RunFailure } from '../../../src-main/ipc/contract'
import { api } from '../ipc/lab'
import { newRunId } from '../run-id'
import { useBuildsStore } from './builds'
import { useEditorStore } from './editor'

export const useMatrixStore = defineStore('matrix', () => {
  const cells = ref<MatrixCell[]>([])
  const running = ref(false)
  const runId = ref<string>()
  const failure = ref<RunFailure>()
  const builds = useBuildsStore()
  /** Builds to span; until the user picks, the two sides' builds. */
  const chosen = ref<string[]>()
  const selected = computed(() => chosen.value ?? [...new Set([builds.sideA.build, builds.sideB.build])])

  function toggle(build: string): void {
    const now = selected.value
    chosen.value = now.includes(build) ? now.filter((b) => b !== build) : [...now, build]
  }

  async function run(): Promise<void> {
    const editor = useEditorStore()
    running.value = true
    failure.value = undefined
    runId.value = newRunId()
    try {
      const response = await api.matrix({ runId: runId.value, text: editor.text, file: editor.sourcePath ?? editor.fileName, builds: selected.value })
      if (response.ok) cells.value = response.cells
      else failure.value = response.error
    } catch (e) {
      failure.value = { kind: 'engine', message: e instanceof Error ? e.message : String(e) }
    } finally {
      running.value = false
    }
  }

  async function cancel(): Promise<void> {
    if (running.value && runId.value) await api.cancel(runId.value)
  }

  return { cells, running, failure, selected, toggle, run, cancel }
})
