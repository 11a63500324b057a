// The scenario library: the bundled examples plus files the user opened this session, and which scenario was
// open last (the first screen opens it again).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ScenarioEntry } from '../../../src-main/ipc/contract'
import { api } from '../ipc/lab'

/** The scenario open last: a bundled example, a file by path, or a draft of this session (by name). */
export interface LastScenario {
  kind: 'example' | 'file' | 'draft'
  id: string
}
const LAST_KEY = 'patchlab.last-scenario'

export const useLibraryStore = defineStore('library', () => {
  const examples = ref<ScenarioEntry[]>([])
  const opened = ref<ScenarioEntry[]>([])
  const recent = ref<string[]>([])
  const loadError = ref<string>()
  /** Scenarios made in this session and not saved yet (minimized fuzz cases), by name. */
  const drafts = ref<Array<{ name: string; text: string; about?: string }>>([])

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

  /** `about`: one line saying why this draft exists (a fuzz cluster's explanation). */
  function addDraft(name: string, text: string, about?: string): void {
    drafts.value = [...drafts.value.filter((d) => d.name !== name), { name, text, about }]
  }

  function rememberLast(last: LastScenario): void {
    localStorage.setItem(LAST_KEY, JSON.stringify(last))
  }

  function last(): LastScenario | undefined {
    try {
      const stored = localStorage.getItem(LAST_KEY)
      return stored ? (JSON.parse(stored) as LastScenario) : undefined
    } catch {
      return undefined
    }
  }

  return { examples, opened, recent, drafts, loadError, load, remember, addDraft, rememberLast, last }
})
