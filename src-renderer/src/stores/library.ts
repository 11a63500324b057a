// The scenario library: the bundled examples plus files the user opened this session.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ScenarioEntry } from '../../../src-main/ipc/contract'
import { api } from '../ipc/lab'

export const useLibraryStore = defineStore('library', () => {
  const examples = ref<ScenarioEntry[]>([])
  const opened = ref<ScenarioEntry[]>([])
  const recent = ref<string[]>([])
  const loadError = ref<string>()
  /** Scenarios made in this session and not saved yet (minimized fuzz cases), by name. */
  const drafts = ref<Array<{ name: string; text: string }>>([])

  async function load(): Promise<void> {
    try {
      examples.value = await api.listScenarios()
      recent.value = await api.recentFiles()
    } catch (e) {
      loadError.value = e instanceof Error ? e.message : String(e)
    }
  }

  function remember(entry: ScenarioEntry): void {
    if (!opened.value.some((o) => o.id === entry.id)) opened.value = [...opened.value, entry]
  }

  function addDraft(name: string, text: string): void {
    drafts.value = [...drafts.value.filter((d) => d.name !== name), { name, text }]
  }

  return { examples, opened, recent, drafts, loadError, load, remember, addDraft }
})
