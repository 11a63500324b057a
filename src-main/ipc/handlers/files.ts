// files:* — open/save scenario text and flat binaries, the recent-files list, and autosave of unsaved text.
import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { writeFileAtomic } from '@patchlab/emulator-core/node'
import type { AutosaveEntry, Handlers } from '../contract'
import { FileAccess, FileAccessError } from './file-access'

export interface FilesDeps {
  /** Per-user state directory (Electron's userData, or a temp dir for the bridge and tests). */
  dataDir: string
  now?: () => Date
  /** Native open/save dialogs; only the desktop app has them (browser mode uses the browser's own). */
  dialog?: FileDialog
  /** Which paths requests may name (default: the data directory only). */
  access?: FileAccess
}

export interface FileDialog {
  chooseOpen(kind: 'scenario' | 'binary'): Promise<string | null>
  chooseSave(suggestedName: string): Promise<string | null>
}

type FilesHandlers = Pick<
  Handlers,
  | 'files:choose-open'
  | 'files:choose-save'
  | 'files:open-text'
  | 'files:save-text'
  | 'files:open-binary'
  | 'files:save-binary'
  | 'files:recent'
  | 'files:autosave'
  | 'files:autosaved'
  | 'files:discard-autosave'
>

const RECENT_LIMIT = 12

/** The data directory's own files, which no request may name as a path. */
export function stateFiles(dataDir: string): string[] {
  return [join(dataDir, 'recent.json'), join(dataDir, 'autosave')]
}

export function createFilesHandlers(deps: FilesDeps): FilesHandlers {
  const now = deps.now ?? (() => new Date())
  const recentFile = join(deps.dataDir, 'recent.json')
  const access = deps.access ?? new FileAccess([deps.dataDir], stateFiles(deps.dataDir))
  const autosaveFile = (key: string) => join(deps.dataDir, 'autosave', `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`)

  async function readRecent(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(recentFile, 'utf8'))
      return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : []
    } catch {
      return []
    }
  }

  async function remember(path: string): Promise<void> {
    const list = [path, ...(await readRecent()).filter((p) => p !== path)].slice(0, RECENT_LIMIT)
    await writeFileAtomic(recentFile, JSON.stringify(list, null, 2), { mkdirs: true, label: 'the recent-files list' })
  }

  function granted(path: string | null): string | null {
    if (path !== null) access.grant(path)
    return path
  }

  function dialog(): FileDialog {
    if (!deps.dialog) throw new FileAccessError('native file dialogs exist only in the desktop app')
    return deps.dialog
  }

  return {
    // What the user picks in a native dialog becomes readable and writable by the page.
    'files:choose-open': async ({ kind }) => ({ path: granted(await dialog().chooseOpen(kind)) }),
    'files:choose-save': async ({ suggestedName }) => ({ path: granted(await dialog().chooseSave(suggestedName)) }),
    'files:open-text': async ({ path }) => {
      const file = access.read(path)
      await remember(file.path)
      return { path: file.path, name: basename(file.path), text: new TextDecoder().decode(file.bytes) }
    },
    'files:save-text': async ({ path, text }) => {
      const full = access.checkWrite(path)
      await writeFileAtomic(full, text)
      await remember(full)
      return { path: full }
    },
    'files:open-binary': async ({ path }) => {
      const file = access.read(path)
      await remember(file.path)
      return { path: file.path, name: basename(file.path), bytes: Array.from(file.bytes) }
    },
    'files:save-binary': async ({ path, bytes }) => {
      const full = access.checkWrite(path)
      await writeFileAtomic(full, Uint8Array.from(bytes))
      return { path: full }
    },
    // The recent list holds only files opened or saved through a grant, so its entries stay reachable.
    'files:recent': async () => {
      return (await readRecent()).filter((path) => {
        try {
          access.grant(path)
          return true
        } catch {
          return false // its folder is gone
        }
      })
    },
    'files:autosave': async ({ key, text }) => {
      const entry: AutosaveEntry = { key, text, savedAt: now().toISOString() }
      await writeFileAtomic(autosaveFile(key), JSON.stringify(entry), { mkdirs: true, label: `the autosave copy of ${basename(key)}` })
      return { savedAt: entry.savedAt }
    },
    'files:autosaved': async ({ key }) => {
      try {
        const entry = JSON.parse(await readFile(autosaveFile(key), 'utf8')) as AutosaveEntry
        return entry.key === key ? entry : null
      } catch {
        return null
      }
    },
    'files:discard-autosave': async ({ key }) => {
      await rm(autosaveFile(key), { force: true })
      return { discarded: true }
    },
  }
}

