import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { engine } from './engine'
import { FileAccess, FileAccessError } from './file-access'
import { createFilesHandlers, stateFiles } from './files'

let dir: string
let library: string
let state: string
let access: FileAccess
let files: ReturnType<typeof createFilesHandlers>

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchlab-files-'))
  library = join(dir, 'library')
  state = join(dir, 'state')
  mkdirSync(library)
  mkdirSync(state)
  access = new FileAccess([library, state], stateFiles(state))
  files = createFilesHandlers({ dataDir: state, access, now: () => new Date('2026-01-02T03:04:05.000Z') })
})

describe('files handlers', () => {
  it('saves and reopens scenario text, and lists it as recent (newest first, no duplicates)', async () => {
    const a = join(library, 'a.yaml')
    const b = join(library, 'b.yaml')
    await files['files:save-text']({ path: a, text: 'name: a\n' })
    await files['files:save-text']({ path: b, text: 'name: b\n' })
    expect(await files['files:open-text']({ path: a })).toEqual({ path: a, name: 'a.yaml', text: 'name: a\n' })
    expect(await files['files:recent']({})).toEqual([a, b])
  })

  it('round-trips a flat binary byte for byte', async () => {
    const bin = join(library, 'guest.bin')
    await files['files:save-binary']({ path: bin, bytes: [0x0f, 0x21, 0xc0, 0xf4] })
    expect([...(await readFile(bin))]).toEqual([0x0f, 0x21, 0xc0, 0xf4])
    expect((await files['files:open-binary']({ path: bin })).bytes).toEqual([0x0f, 0x21, 0xc0, 0xf4])
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
    const withDialog = createFilesHandlers({ dataDir: state, dialog: { chooseOpen: async () => '/picked.yaml', chooseSave: async () => null } })
    expect(await withDialog['files:choose-open']({ kind: 'scenario' })).toEqual({ path: '/picked.yaml' })
    expect(await withDialog['files:choose-save']({ suggestedName: 'r.txt' })).toEqual({ path: null })
  })

  it('a failed save (read-only target folder is a file here) says why and leaves the file as it was', async () => {
    const target = join(library, 'kept.yaml')
    await files['files:save-text']({ path: target, text: 'name: kept\n' })
    mkdirSync(join(library, 'sub'))
    await writeFile(join(library, 'sub', 'x'), '')
    await expect(files['files:save-text']({ path: join(library, 'sub', 'x', 'deeper.yaml'), text: 'y' })).rejects.toThrow(/could not save deeper\.yaml: a folder on the path is a file/)
    expect(await readFile(target, 'utf8')).toBe('name: kept\n')
  })
})

describe('file access from the page (allowed roots, dialog grants)', () => {
  const refused = async (path: string, message: string) => {
    await expect(files['files:open-text']({ path })).rejects.toEqual(new FileAccessError(message))
  }

  it('refuses relative paths and paths with ..', async () => {
    await refused('a.yaml', "expected an absolute path, got 'a.yaml'")
    await writeFile(join(library, 'a.yaml'), 'x')
    await refused(`${library}/../library/a.yaml`, `'${library}/../library/a.yaml' contains '..'; give the file's own path`)
  })

  it('refuses absolute paths outside the roots until the user chooses them in a dialog', async () => {
    const outside = join(dir, 'elsewhere.yaml')
    await writeFile(outside, 'name: elsewhere\n')
    await refused(outside, `'${outside}' is outside the folders PatchLab may use (the examples, its data folder and files you chose in a dialog)`)
    await refused('/etc/passwd', `'/etc/passwd' is outside the folders PatchLab may use (the examples, its data folder and files you chose in a dialog)`)
    const chosen = createFilesHandlers({ dataDir: state, access, dialog: { chooseOpen: async () => outside, chooseSave: async () => null } })
    await chosen['files:choose-open']({ kind: 'scenario' })
    expect((await files['files:open-text']({ path: outside })).text).toBe('name: elsewhere\n')
  })

  it("refuses PatchLab's own state files, though they sit in the data folder", async () => {
    const recent = join(state, 'recent.json')
    await expect(files['files:save-text']({ path: recent, text: '["/etc/shadow"]' })).rejects.toThrow(`'${recent}' is PatchLab's own state; choose another file`)
  })

  it('refuses a symbolic link, to a file inside or a folder outside', async () => {
    await writeFile(join(library, 'real.yaml'), 'x')
    symlinkSync(join(library, 'real.yaml'), join(library, 'link.yaml'))
    await refused(join(library, 'link.yaml'), `'${join(library, 'link.yaml')}' is a symbolic link; open the file it points to`)
    await expect(files['files:save-text']({ path: join(library, 'link.yaml'), text: 'y' })).rejects.toThrow('is a symbolic link')
    symlinkSync('/etc', join(library, 'etc'))
    await refused(join(library, 'etc', 'passwd'), `'${join(library, 'etc', 'passwd')}' is outside the folders PatchLab may use (the examples, its data folder and files you chose in a dialog)`)
  })

  it('refuses a FIFO (without blocking), a folder and /dev/zero even when chosen in a dialog', async () => {
    const fifo = join(library, 'pipe.yaml')
    execFileSync('mkfifo', [fifo])
    await refused(fifo, `'${fifo}' is not a regular file (a device, pipe or socket)`)
    mkdirSync(join(library, 'folder.yaml'))
    await refused(join(library, 'folder.yaml'), `'${join(library, 'folder.yaml')}' is a folder, not a file`)
    access.grant('/dev/zero')
    await expect(files['files:open-binary']({ path: '/dev/zero' })).rejects.toEqual(new FileAccessError("'/dev/zero' is not a regular file (a device, pipe or socket)"))
    await expect(files['files:save-binary']({ path: fifo, bytes: [1] })).rejects.toThrow('is not a regular file')
  })

  it('refuses files larger than 4 MiB', async () => {
    const big = join(library, 'big.bin')
    await writeFile(big, Buffer.alloc(4 * 1024 * 1024 + 1))
    await expect(files['files:open-binary']({ path: big })).rejects.toThrow(`'${big}' is too large (4194305 bytes; at most 4194304)`)
  })

  it("reads a scenario's guest.binary only where the page may read, positioned at the key", () => {
    const text = (binary: string) => `schema: patchlab.scenario/1\nname: b\nguest:\n  binary: ${binary}\n`
    let error: unknown
    try {
      engine.parseScenario(text('/etc/passwd'), join(library, 's.yaml'), access.policy)
    } catch (e) {
      error = e
    }
    expect((error as { errors: unknown[] }).errors).toEqual([
      { file: join(library, 's.yaml'), line: 4, column: 11, key: 'guest.binary', message: "cannot read /etc/passwd: '/etc/passwd' is outside the folders PatchLab may use (the examples, its data folder and files you chose in a dialog)" },
    ])
    expect(() => engine.parseScenario(text('../../../etc/passwd'), join(library, 's.yaml'), access.policy)).toThrow(/is outside the folders/)
  })
})
