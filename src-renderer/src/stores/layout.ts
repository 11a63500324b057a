// Pane sizes of the three splitters, remembered per window size, and maximising one pane (then restoring).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { defaultSizes, layoutKey, maximisedSizes, type PaneId, type PaneSizes, type SplitId } from '../layout/pane-sizes'

const STORAGE_PREFIX = 'patchlab.layout.'

function readSizes(key: string): PaneSizes | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_PREFIX + key)
    return stored ? (JSON.parse(stored) as PaneSizes) : undefined
  } catch {
    return undefined
  }
}

export const useLayoutStore = defineStore('layout', () => {
  const key = ref(layoutKey(window.innerWidth, window.innerHeight))
  const sizes = ref<PaneSizes>(readSizes(key.value) ?? defaultSizes())
  const maximised = ref<PaneId>()
  /** The sizes before maximising, put back by restore(). */
  let beforeMaximise: PaneSizes | undefined

  function persist(): void {
    localStorage.setItem(STORAGE_PREFIX + key.value, JSON.stringify(sizes.value))
  }

  /** A splitter was dragged (splitpanes' `resized`): keep the new sizes for this window size. */
  function resized(split: SplitId, panes: ReadonlyArray<{ size: number }>): void {
    sizes.value = { ...sizes.value, [split]: panes.map((p) => Math.round(p.size * 100) / 100) }
    maximised.value = undefined
    beforeMaximise = undefined
    persist()
  }

  /** The window changed size: switch to the sizes remembered for the new size (or the defaults). */
  function windowResized(): void {
    const next = layoutKey(window.innerWidth, window.innerHeight)
    if (next === key.value) return
    key.value = next
    sizes.value = readSizes(next) ?? defaultSizes()
    maximised.value = undefined
    beforeMaximise = undefined
  }

  function maximise(pane: PaneId): void {
    if (maximised.value === pane) return restore()
    beforeMaximise ??= sizes.value
    sizes.value = maximisedSizes(beforeMaximise, pane)
    maximised.value = pane
  }

  function restore(): void {
    if (beforeMaximise) sizes.value = beforeMaximise
    beforeMaximise = undefined
    maximised.value = undefined
  }

  return { key, sizes, maximised, resized, windowResized, maximise, restore }
})
