// How the aligned trace is looked at: filters, unfolded runs of identical rows, the selected row, scroll requests.
// A new comparison selects its first divergence and scrolls to it.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { displayItems } from '../trace/display-rows'
import { CATEGORIES, type EventCategory } from '../trace/event-category'
import { visibleRowIndices } from '../trace/visible-rows'
import { useComparisonStore } from './comparison'

export const useTraceViewStore = defineStore('traceView', () => {
  const comparison = useComparisonStore()
  const shown = ref(new Set<EventCategory>(CATEGORIES))
  const hideRuntime = ref(false)
  const onlyDiffering = ref(false)
  /** First rows of the runs of identical rows the user unfolded. */
  const expanded = ref(new Set<number>())
  /** Index into CompareResult.rows. */
  const selectedRow = ref<number>()
  /** Bumped to ask the list to scroll the selected row into view. */
  const scrollRequest = ref(0)

  const visibleRows = computed(() =>
    comparison.result ? visibleRowIndices(comparison.result, { shown: shown.value, hideRuntime: hideRuntime.value, onlyDiffering: onlyDiffering.value }) : [],
  )
  const items = computed(() => (comparison.result ? displayItems(comparison.result, visibleRows.value, expanded.value) : []))
  /** Position of each drawn row in `items` (a folded run's later rows map to its first). */
  const positionOf = computed(() => {
    const positions = new Map<number, number>()
    items.value.forEach((item, i) => positions.set(item.row, i))
    return positions
  })

  watch(
    () => comparison.result,
    (result) => {
      expanded.value = new Set()
      selectedRow.value = undefined
      if (result?.first_divergence !== undefined) jumpToFirstDivergence()
    },
  )

  function toggle(category: EventCategory): void {
    const next = new Set(shown.value)
    if (next.has(category)) next.delete(category)
    else next.add(category)
    shown.value = next
  }

  function toggleRun(firstRow: number): void {
    const next = new Set(expanded.value)
    if (next.has(firstRow)) next.delete(firstRow)
    else next.add(firstRow)
    expanded.value = next
  }

  function select(row: number): void {
    selectedRow.value = row
  }

  /** Selects a row and scrolls to it, clearing the filters that hide it. */
  function reveal(row: number): void {
    if (!visibleRows.value.includes(row)) {
      shown.value = new Set(CATEGORIES)
      hideRuntime.value = false
      onlyDiffering.value = false
    }
    selectedRow.value = row
    scrollRequest.value++
  }

  function jumpToFirstDivergence(): void {
    const first = comparison.result?.first_divergence
    if (first !== undefined) reveal(first)
  }

  return { shown, hideRuntime, onlyDiffering, expanded, selectedRow, scrollRequest, visibleRows, items, positionOf, toggle, toggleRun, select, reveal, jumpToFirstDivergence }
})
