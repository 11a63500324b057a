// files:* — open/save scenario text and flat binaries, the recent-files list, and autosave of unsaved text.
import { createHash } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { basename, isAbsolute, join, resolve } from 'node:path'
import type { AutosaveEntry, Handlers } from '../contract'
import { writeFileAtomic } from '../../../emulator-core/src/node/atomic-write'

export interface FilesDeps {
  /** Per-user state directory (Electron's userData, or a temp dir for the bridge and tests). */
  dataDir: string
  now?: () => Date
  /** Native open/save dialogs; only the desktop app has them (browser mode uses the browser's own). */
  dialog?: FileDialog
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

export class FileAccessError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FileAccessError'
  }
}

export function createFilesHandlers(deps: FilesDeps): FilesHandlers {
  const now = deps.now ?? (() => new Date())
  const recentFile = join(deps.dataDir, 'recent.json')
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
    await writeFileAtomic(recentFile, JSON.stringify(list, null, 2), { mkdirs: true })
  }

  function dialog(): FileDialog {
    if (!deps.dialog) throw new FileAccessError('native file dialogs exist only in the desktop app')
    return deps.dialog
  }

  return {
    'files:choose-open': async ({ kind }) => ({ path: await dialog().chooseOpen(kind) }),
    'files:choose-save': async ({ suggestedName }) => ({ path: await dialog().chooseSave(suggestedName) }),
    'files:open-text': async ({ path }) => {
      const full = absolute(path)
      const text = await readFile(full, 'utf8')
      await remember(full)
      return { path: full, name: basename(full), text }
    },
    'files:save-text': async ({ path, text }) => {
      const full = absolute(path)
      await writeFileAtomic(full, text)
      await remember(full)
      return { path: full }
    },
    'files:open-binary': async ({ path }) => {
      const full = absolute(path)
      const bytes = await readFile(full)
      await remember(full)
      return { path: full, name: basename(full), bytes: Array.from(bytes) }
    },
    'files:save-binary': async ({ path, bytes }) => {
      const full = absolute(path)
      await writeFileAtomic(full, Uint8Array.from(bytes))
      return { path: full }
    },
    'files:recent': () => readRecent(),
    'files:autosave': async ({ key, text }) => {
      const entry: AutosaveEntry = { key, text, savedAt: now().toISOString() }
      await writeFileAtomic(autosaveFile(key), JSON.stringify(entry), { mkdirs: true })
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

/** Paths come from native dialogs or the recent list; relative ones would depend on the process cwd. */
function absolute(path: string): string {
  if (!isAbsolute(path)) throw new FileAccessError(`expected an absolute path, got '${path}'`)
  return resolve(path)
}
