// Open, Save and Save As for the scenario in the editor (buttons and Ctrl+O / Ctrl+S / Ctrl+Shift+S), plus the
// flat-binary actions: native dialogs in the desktop app, the browser's picker and downloads in browser mode.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ScenarioEntry } from '../../../src-main/ipc/contract'
import { downloadFile } from '../download'
import { api, bridge } from '../ipc/lab'
import { useEditorStore } from './editor'
import { useLibraryStore } from './library'

export const useFileActionsStore = defineStore('fileActions', () => {
  const editor = useEditorStore()
  const library = useLibraryStore()
  const error = ref<string>()
  /** Only the latest open lands in the editor (a slow read must not replace a later choice). */
  let openSeq = 0

  async function guarded(action: () => Promise<void>): Promise<void> {
    error.value = undefined
    try {
      await action()
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  const openExample = (entry: ScenarioEntry) =>
    guarded(async () => {
      const seq = ++openSeq
      const file = await api.readScenario(entry.id)
      if (seq !== openSeq) return
      // Remembered before the (slower) load finishes: a reload right after opening still reopens it.
      library.rememberLast({ kind: 'example', id: entry.id })
      await editor.load(file, false)
    })

  const openPath = (path: string) =>
    guarded(async () => {
      const seq = ++openSeq
      const file = await api.openText(path)
      if (seq !== openSeq) return
      library.remember({ id: file.path, name: file.name, path: file.path, origin: 'file' })
      library.rememberLast({ kind: 'file', id: file.path })
      await editor.load(file, true)
    })

  /** Browser mode: the file never touches the server; its text goes straight into the editor. */
  function pickInBrowser(): void {
    const input = Object.assign(document.createElement('input'), { type: 'file', accept: '.yaml,.yml' })
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      if (file) void guarded(async () => editor.load({ path: file.name, name: file.name, text: await file.text() }, false))
    })
    input.click()
  }

  async function open(): Promise<void> {
    if (bridge.platform === 'browser') return pickInBrowser()
    await guarded(async () => {
      const { path } = await api.chooseOpen('scenario')
      if (path) await openPath(path)
    })
  }

  /** Save writes where the file came from; Save As (or a file that has no place yet) asks. */
  const save = (asNew = false) =>
    guarded(async () => {
      if (bridge.platform === 'browser') {
        downloadFile(editor.fileName, editor.text, 'text/yaml')
        return editor.markSaved(undefined, editor.fileName)
      }
      const path = (!asNew && editor.path) || (await api.chooseSave(editor.fileName)).path
      if (!path) return
      const saved = await api.saveText(path, editor.text)
      await editor.markSaved(saved.path, saved.path.split(/[/\\]/).pop() ?? editor.fileName)
    })

  /** A flat binary becomes the guest of a new scenario (`guest.binary`, by absolute path). */
  const newFromBinary = () =>
    guarded(async () => {
      const { path } = await api.chooseOpen('binary')
      if (!path) return
      const binary = await api.openBinary(path)
      const text = [
        'schema: patchlab.scenario/1',
        `name: ${JSON.stringify(binary.name)}`,
        `description: flat binary ${JSON.stringify(binary.path)} (${binary.bytes.length} bytes), loaded at the guest entry`,
        'guest:',
        `  binary: ${JSON.stringify(binary.path)}`,
        '',
      ].join('\n')
      await editor.load({ path: `${binary.path}.yaml`, name: `${binary.name}.yaml`, text }, false)
    })

  /** The guest program as the flat binary `guest.binary` would load (assembled at the guest origin). */
  const saveBinary = () =>
    guarded(async () => {
      const result = await api.assembleGuest(editor.text, editor.sourcePath ?? editor.fileName)
      if (!result.ok) {
        editor.runErrors = result.errors
        throw new Error(`the guest does not assemble (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}, see the squiggles)`)
      }
      const name = `${editor.fileName.replace(/\.ya?ml$/, '')}.bin`
      if (bridge.platform === 'browser') return downloadFile(name, Uint8Array.from(result.bytes), 'application/octet-stream')
      const { path } = await api.chooseSave(name)
      if (path) await api.saveBinary(path, result.bytes)
    })

  const openDraft = (name: string, text: string) =>
    guarded(async () => {
      openSeq++
      await editor.loadUnsaved(name, text)
      library.rememberLast({ kind: 'draft', id: name })
    })

  return { error, openExample, openPath, open, save, newFromBinary, saveBinary, openDraft }
})
