// The scenario being edited: its text, where it came from, its input errors, and crash-safe autosave.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { InputError } from '@patchlab/emulator-core/types'
import type { FileText } from '../../../src-main/ipc/contract'
import { api } from '../ipc/lab'

const CHECK_DELAY_MS = 250
const AUTOSAVE_DELAY_MS = 800
const UNTITLED = 'untitled.yaml'

export const useEditorStore = defineStore('editor', () => {
  const text = ref('')
  const fileName = ref(UNTITLED)
  /** Where the text came from: engine errors and `guest.binary` resolve against it. */
  const sourcePath = ref<string>()
  /** Where Save writes without asking: a file the user opened or saved (never a bundled example). */
  const path = ref<string>()
  const savedText = ref('')
  const errors = ref<InputError[]>([])
  /** Errors from the last run attempt (these include assembler errors the quick check may not see). */
  const runErrors = ref<InputError[]>([])
  const restorable = ref<{ text: string; savedAt: string }>()
  const lastAutosave = ref<string>()
  const autosaveError = ref<string>()
  const dirty = computed(() => text.value !== savedText.value)
  const autosaveKey = computed(() => path.value ?? fileName.value)
  /** Squiggles: errors about this text only (a bad build id in a picker comes back as file `<build>`). */
  const markers = computed(() => {
    const file = sourcePath.value ?? fileName.value
    const own = [...errors.value, ...runErrors.value.filter((r) => !errors.value.some((e) => same(e, r)))]
    return own.filter((e) => e.file === file)
  })

  let checkTimer: ReturnType<typeof setTimeout> | undefined
  let autosaveTimer: ReturnType<typeof setTimeout> | undefined
  let checkSeq = 0

  watch(text, () => {
    runErrors.value = []
    clearTimeout(checkTimer)
    checkTimer = setTimeout(check, CHECK_DELAY_MS)
    clearTimeout(autosaveTimer)
    if (dirty.value) autosaveTimer = setTimeout(autosave, AUTOSAVE_DELAY_MS)
  })

  async function check(): Promise<void> {
    const seq = ++checkSeq
    const result = await api.checkScenario(text.value, sourcePath.value ?? fileName.value)
    if (seq === checkSeq) errors.value = result.errors
  }

  /** A failed autosave (disk full, read-only) leaves the text as typed and says why; the next edit retries. */
  async function autosave(): Promise<void> {
    try {
      const { savedAt } = await api.autosave(autosaveKey.value, text.value)
      lastAutosave.value = savedAt
      autosaveError.value = undefined
    } catch (e) {
      autosaveError.value = e instanceof Error ? e.message : String(e)
    }
  }

  /** Loads a file's text; if an autosave of unsaved edits exists for it, offers it instead of dropping it. */
  async function load(file: FileText, fromFile: boolean): Promise<void> {
    fileName.value = file.name
    sourcePath.value = file.path
    path.value = fromFile ? file.path : undefined
    text.value = file.text
    savedText.value = file.text
    errors.value = []
    runErrors.value = []
    const saved = await api.autosaved(autosaveKey.value)
    restorable.value = saved && saved.text !== file.text ? { text: saved.text, savedAt: saved.savedAt } : undefined
    await check()
  }

  /** A scenario that exists only in this session (a minimized fuzz case): unsaved, so Save asks where. */
  async function loadUnsaved(name: string, unsavedText: string): Promise<void> {
    fileName.value = name
    sourcePath.value = undefined
    path.value = undefined
    text.value = unsavedText
    savedText.value = ''
    errors.value = []
    runErrors.value = []
    // Edits made to it earlier in the session were autosaved under its name: offer them back.
    const saved = await api.autosaved(autosaveKey.value)
    restorable.value = saved && saved.text !== unsavedText ? { text: saved.text, savedAt: saved.savedAt } : undefined
    await check()
  }

  function restore(): void {
    if (restorable.value) text.value = restorable.value.text
    restorable.value = undefined
  }

  async function discardRestore(): Promise<void> {
    restorable.value = undefined
    await api.discardAutosave(autosaveKey.value)
  }

  /** After a successful save the autosave copy is obsolete. */
  async function markSaved(savedPath: string | undefined, name: string): Promise<void> {
    const oldKey = autosaveKey.value
    path.value = savedPath
    sourcePath.value = savedPath ?? sourcePath.value
    fileName.value = name
    savedText.value = text.value
    clearTimeout(autosaveTimer)
    await api.discardAutosave(oldKey)
  }

  return { text, fileName, sourcePath, path, errors, runErrors, markers, dirty, restorable, lastAutosave, autosaveError, autosave, load, loadUnsaved, check, restore, discardRestore, markSaved }
})

function same(a: InputError, b: InputError): boolean {
  return a.line === b.line && a.column === b.column && a.message === b.message
}
