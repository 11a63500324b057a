// The app's keyboard shortcuts, in one table: the window's handler and the editor's commands both read it.

export type Shortcut = 'run' | 'save' | 'save-as' | 'open' | 'cancel'

export interface ShortcutKey {
  shortcut: Shortcut
  key: string
  ctrl: boolean
  shift: boolean
  /** As the tooltips write it. */
  label: string
}

export const SHORTCUTS: readonly ShortcutKey[] = [
  { shortcut: 'run', key: 'Enter', ctrl: true, shift: false, label: 'Ctrl+Enter' },
  { shortcut: 'save-as', key: 's', ctrl: true, shift: true, label: 'Ctrl+Shift+S' },
  { shortcut: 'save', key: 's', ctrl: true, shift: false, label: 'Ctrl+S' },
  { shortcut: 'open', key: 'o', ctrl: true, shift: false, label: 'Ctrl+O' },
  { shortcut: 'cancel', key: 'Escape', ctrl: false, shift: false, label: 'Esc' },
]

/** Ctrl or Cmd (macOS); letters match either case (Shift makes `S`). */
export function shortcutOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): Shortcut | undefined {
  if (e.altKey) return undefined
  const ctrl = e.ctrlKey || e.metaKey
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  return SHORTCUTS.find((s) => s.key === key && s.ctrl === ctrl && s.shift === e.shiftKey)?.shortcut
}
