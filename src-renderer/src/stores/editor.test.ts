// A failed autosave never touches what the user typed.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const autosave = vi.fn()
vi.mock('../ipc/lab', () => ({
  api: {
    autosave: (...args: unknown[]) => autosave(...args),
    autosaved: async () => null,
    checkScenario: async () => ({ errors: [] }),
  },
}))

beforeEach(() => setActivePinia(createPinia()))

describe('editor store', () => {
  it('keeps the text and says why when the autosave fails (disk full), and clears the message once one succeeds', async () => {
    const { useEditorStore } = await import('./editor')
    const editor = useEditorStore()
    await editor.load({ path: '/lab/s.yaml', name: 's.yaml', text: 'name: s\n' }, true)
    editor.text = 'name: s\n# typed\n'
    autosave.mockRejectedValueOnce(new Error('could not save the autosave copy of s.yaml: the disk is full; the previous version of the file, if any, is unchanged'))
    await editor.autosave()
    expect(editor.text).toBe('name: s\n# typed\n')
    expect(editor.dirty).toBe(true)
    expect(editor.autosaveError).toBe('could not save the autosave copy of s.yaml: the disk is full; the previous version of the file, if any, is unchanged')
    autosave.mockResolvedValueOnce({ savedAt: '2026-01-02T03:04:05.000Z' })
    await editor.autosave()
    expect(editor.autosaveError).toBeUndefined()
    expect(editor.lastAutosave).toBe('2026-01-02T03:04:05.000Z')
  })
})
