import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeFileAtomic, WriteFailedError } from './atomic-write'

const SAVE_LOOP = join(import.meta.dirname, '__fixtures__', 'save-loop.ts')

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'patchlab-atomic-'))
    const target = join(dir, 'out.txt')
    await writeFile(target, 'old')
    await writeFileAtomic(target, 'new')
    expect(await readFile(target, 'utf8')).toBe('new')
    expect(await readdir(dir)).toEqual(['out.txt'])
  })

  it('keeps the old file and names the cause when the target folder is a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'patchlab-atomic-'))
    const target = join(dir, 'a-file')
    await writeFile(target, 'old')
    const error = await writeFileAtomic(join(target, 'child.txt'), 'new').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WriteFailedError)
    expect((error as Error).message).toBe('could not save child.txt: a folder on the path is a file; the previous version of the file, if any, is unchanged')
    expect(await readFile(target, 'utf8')).toBe('old')
  })

  // kill -9 of the writing process at random moments: the file is always one whole version.
  // (Power loss is what the fsyncs are for; a killed process only proves the rename discipline.)
  it('never leaves a truncated or empty file when the saving process is killed with SIGKILL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'patchlab-atomic-kill-'))
    const target = join(dir, 'scenario.yaml')
    const size = 256 * 1024
    const whole = new Set(['a'.repeat(size), 'b'.repeat(size)])
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', SAVE_LOOP, target, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] })
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve())
        child.once('exit', (code) => reject(new Error(`save loop exited early with ${code}`)))
      })
      // Somewhere in the middle of a later save (one save of 256 KiB takes a few ms).
      await new Promise((r) => setTimeout(r, 5 + ((round * 37) % 60)))
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGKILL')
      await exited
      expect(whole.has(await readFile(target, 'utf8'))).toBe(true)
    }
    // Only the target and at most one orphaned temp file of the last killed save remain.
    const left = (await readdir(dir)).filter((n) => n !== 'scenario.yaml')
    expect(left.every((n) => /^\.scenario\.yaml\.[0-9a-f]{12}\.tmp$/.test(n))).toBe(true)
  }, 30_000)
})

// A real small tmpfs gives a real ENOSPC and EROFS; mounting needs root (the dev machines and CI are root).
const mountPoint = mkdtempSync(join(tmpdir(), 'patchlab-tmpfs-'))
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status === 0
afterAll(() => {
  if (mounted) spawnSync('umount', [mountPoint])
})

describe.runIf(mounted)('writeFileAtomic on a full or read-only disk (a 64 KiB tmpfs)', () => {
  it('reports a full disk in words and keeps the old file', async () => {
    const target = join(mountPoint, 'saved.yaml')
    await writeFileAtomic(target, 'name: old\n')
    const error = await writeFileAtomic(target, 'x'.repeat(256 * 1024)).catch((e: unknown) => e)
    expect((error as Error).message).toBe('could not save saved.yaml: the disk is full; the previous version of the file, if any, is unchanged')
    expect(await readFile(target, 'utf8')).toBe('name: old\n')
    expect(await readdir(mountPoint)).toEqual(['saved.yaml'])
  })

  it('reports a read-only file system in words and keeps the old file', async () => {
    const dir = join(mountPoint, 'ro')
    mkdirSync(dir)
    const target = join(dir, 'saved.yaml')
    await writeFileAtomic(target, 'name: old\n')
    expect(spawnSync('mount', ['-o', 'remount,ro', mountPoint]).status).toBe(0)
    try {
      const error = await writeFileAtomic(target, 'name: new\n').catch((e: unknown) => e)
      expect((error as Error).message).toBe('could not save saved.yaml: the file system is read-only; the previous version of the file, if any, is unchanged')
      expect(await readFile(target, 'utf8')).toBe('name: old\n')
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', mountPoint])
    }
  })
})
