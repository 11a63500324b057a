// The one atomic, durable file write of the CLI and the app (save, autosave, export, fuzz case files).
// Readers see the old content or the new one, never a torn or empty file, even after a crash or a
// power cut: temp file beside the target (same filesystem), fsync it, rename over the target, fsync
// the directory so the rename itself is on disk (SQLite's rule for power-safe commits).
// Not `write-file-atomic`: version 8.0.0 fsyncs the file but not the directory after its rename.
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** A write that failed; the message says which file and why in words, never an errno dump. */
export class WriteFailedError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    what = basename(path),
  ) {
    super(`could not save ${what}: ${reason(code)}; the previous version of the file, if any, is unchanged`)
    this.name = 'WriteFailedError'
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a folder on the path is a file',
  EISDIR: 'the target is a folder',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an I/O error on the disk',
}

function reason(code: string | undefined): string {
  return (code && REASONS[code]) ?? `the system refused the write (${code ?? 'unknown error'})`
}

export interface AtomicWriteOptions {
  /** Create missing parent folders (the app's state directory); off for user-chosen targets. */
  mkdirs?: boolean
  /** What the error message calls the file (default: its name). */
  label?: string
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    if (options.mkdirs) await mkdir(dir, { recursive: true })
    const handle = await open(temp, 'wx', 0o644)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
    await syncDirectory(dir)
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw new WriteFailedError(path, (e as NodeJS.ErrnoException).code, options.label)
  }
}

/** fsync on the directory makes the rename durable; some file systems refuse it (EINVAL/EISDIR) and need none. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw e
  } finally {
    await handle.close()
  }
}
