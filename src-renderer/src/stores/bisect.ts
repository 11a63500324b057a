// "Which patch changed this?" for the comparison on screen: walks side A's build to side B's on a worker.
import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'
import type { BisectSummary } from '../../../src-main/ipc/contract'
import { api } from '../ipc/lab'
import { newRunId } from '../run-id'
import { failureText } from '../state/failure-text'
import { useComparisonStore } from './comparison'

export const useBisectStore = defineStore('bisect', () => {
  const comparison = useComparisonStore()
  const running = ref(false)
  const result = shallowRef<BisectSummary>()
  /** Why bisect does not apply to these sides (unrelated stacks, different modes, one build). */
  const notApplicable = ref<string>()
  const failure = ref<string>()

  // A new comparison makes the previous answer stale.
  watch(
    () => comparison.result,
    () => {
      result.value = undefined
      notApplicable.value = failure.value = undefined
    },
  )

  async function run(): Promise<void> {
    const request = comparison.request
    if (running.value || !request) return
    running.value = true
    result.value = undefined
    notApplicable.value = failure.value = undefined
    try {
      const response = await api.bisect({ ...request, runId: newRunId() })
      if (comparison.request !== request) return
      if (response.ok) result.value = response.bisect
      else if (response.error.kind === 'not-applicable') notApplicable.value = response.error.message
      else failure.value = failureText(response.error)
    } catch (e) {
      failure.value = e instanceof Error ? e.message : String(e)
    } finally {
      running.value = false
    }
  }

  return { running, result, notApplicable, failure, run }
})
