// How the aligned trace is looked at: category filters, the selected row, and scroll requests.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { CATEGORIES, type EventCategory } from '../trace/event-category'
import { visibleRowIndices } from '../trace/visible-rows'
import { useComparisonStore } from './comparison'

export const useTraceViewStore = defineStore('traceView', () => {
  const comparison = useComparisonStore()
  const shown = ref(new Set<EventCategory>(CATEGORIES))
  /** Index into CompareResult.rows. */
  const selectedRow = ref<number>()
  /** Bumped to ask the list to scroll a row into view (the index lives in selectedRow). */
  const scrollRequest = ref(0)

  const visibleRows = computed(() => (comparison.result ? visibleRowIndices(comparison.result, shown.value) : []))

  watch(
    () => comparison.result,
    () => {
      selectedRow.value = undefined
    },
  )

  function toggle(category: EventCategory): void {
    const next = new Set(shown.value)
    if (next.has(category)) next.delete(category)
    else next.add(category)
    shown.value = next
  }

  function select(row: number): void {
    selectedRow.value = row
  }

  /** Shows every category again if the filters hide the divergent row. */
  function jumpToFirstDivergence(): void {
    const first = comparison.result?.first_divergence
    if (first === undefined) return
    if (!visibleRows.value.includes(first)) shown.value = new Set(CATEGORIES)
    selectedRow.value = first
    scrollRequest.value++
  }

  return { shown, selectedRow, scrollRequest, visibleRows, toggle, select, jumpToFirstDivergence }
})
