import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFilesHandlers, FileAccessError } from './files'

let dir: string
let files: ReturnType<typeof createFilesHandlers>

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchlab-files-'))
  files = createFilesHandlers({ dataDir: join(dir, 'state'), now: () => new Date('2026-01-02T03:04:05.000Z') })
})

describe('files handlers', () => {
  it('saves and reopens scenario text, and lists it as recent (newest first, no duplicates)', async () => {
    const a = join(dir, 'a.yaml')
    const b = join(dir, 'b.yaml')
    await files['files:save-text']({ path: a, text: 'name: a\n' })
    await files['files:save-text']({ path: b, text: 'name: b\n' })
    expect(await files['files:open-text']({ path: a })).toEqual({ path: a, name: 'a.yaml', text: 'name: a\n' })
    expect(await files['files:recent']({})).toEqual([a, b])
  })

  it('round-trips a flat binary byte for byte', async () => {
    const bin = join(dir, 'guest.bin')
    await files['files:save-binary']({ path: bin, bytes: [0x0f, 0x21, 0xc0, 0xf4] })
    expect([...(await readFile(bin))]).toEqual([0x0f, 0x21, 0xc0, 0xf4])
    expect((await files['files:open-binary']({ path: bin })).bytes).toEqual([0x0f, 0x21, 0xc0, 0xf4])
  })

  it('refuses relative paths', async () => {
    await expect(files['files:open-text']({ path: 'a.yaml' })).rejects.toBeInstanceOf(FileAccessError)
  })

  it('autosaves unsaved text per key until discarded', async () => {
    expect(await files['files:autosaved']({ key: '/x/s3.yaml' })).toBeNull()
    expect(await files['files:autosave']({ key: '/x/s3.yaml', text: 'edited' })).toEqual({ savedAt: '2026-01-02T03:04:05.000Z' })
    expect(await files['files:autosaved']({ key: '/x/s3.yaml' })).toEqual({ key: '/x/s3.yaml', text: 'edited', savedAt: '2026-01-02T03:04:05.000Z' })
    expect(await files['files:autosaved']({ key: '/x/other.yaml' })).toBeNull()
    await files['files:discard-autosave']({ key: '/x/s3.yaml' })
    expect(await files['files:autosaved']({ key: '/x/s3.yaml' })).toBeNull()
  })

  it('has no native dialogs unless the desktop app provides them', async () => {
    await expect(files['files:choose-open']({ kind: 'scenario' })).rejects.toThrow('native file dialogs exist only in the desktop app')
    const withDialog = createFilesHandlers({ dataDir: dir, dialog: { chooseOpen: async () => '/picked.yaml', chooseSave: async () => null } })
    expect(await withDialog['files:choose-open']({ kind: 'scenario' })).toEqual({ path: '/picked.yaml' })
    expect(await withDialog['files:choose-save']({ suggestedName: 'r.txt' })).toEqual({ path: null })
  })
})
