// Which files a request from the page may read or write: every path is resolved against the allowed roots
// (the examples, the data directory) or must be a file the user chose in a native dialog. `..`, relative
// paths, symbolic links and anything but a regular file (a folder, a FIFO, /dev/zero) are refused with a
// clear error. Synchronous on purpose: the same check runs in the engine workers, inside the scenario
// parser's synchronous `guest.binary` loader.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

/** What may be touched; plain data, so it travels to the engine workers with each task. */
export interface AccessPolicy {
  /** Folders whose files (at any depth, without symlinks) may be read and written; real paths. */
  roots: string[]
  /** Single files the user chose in a dialog; real parent + name. */
  granted: string[]
  /** PatchLab's own state inside a root (the recent list, autosaves): never a page's to name. */
  reserved: string[]
}

export class FileAccessError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FileAccessError'
  }
}

/** Opened files larger than this are refused (the scenario text limit, and the guest's 4 MiB of memory). */
export const MAX_READ_BYTES = 4 * 1024 * 1024

export class FileAccess {
  private readonly policyData: AccessPolicy

  constructor(roots: string[], reserved: string[] = []) {
    this.policyData = { roots: roots.map(realOrResolved), granted: [], reserved: reserved.map(realOrResolved) }
  }

  /** A path the user chose in a native open or save dialog (which may not exist yet). */
  grant(path: string): void {
    const real = canonical(path)
    if (!this.policyData.granted.includes(real)) this.policyData.granted.push(real)
  }

  get policy(): AccessPolicy {
    return { roots: [...this.policyData.roots], granted: [...this.policyData.granted], reserved: [...this.policyData.reserved] }
  }

  /** The canonical path to write, after the same checks as reading (an existing target must be a regular file). */
  checkWrite(path: string): string {
    const full = allowedPath(path, this.policyData)
    const stats = lstatOrUndefined(full)
    if (stats) refuseUnlessRegular(path, stats)
    return full
  }

  read(path: string, maxBytes = MAX_READ_BYTES): { path: string; bytes: Uint8Array } {
    return readAllowed(path, this.policyData, maxBytes)
  }
}

/** Reads one allowed regular file: no symlink is followed, a FIFO never blocks, the size is bounded. */
export function readAllowed(path: string, policy: AccessPolicy, maxBytes = MAX_READ_BYTES): { path: string; bytes: Uint8Array } {
  const full = allowedPath(path, policy)
  let fd: number
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ELOOP') throw new FileAccessError(`'${path}' is a symbolic link; open the file it points to`)
    if (code === 'ENOENT') throw new FileAccessError(`no file '${path}'`)
    throw new FileAccessError(`cannot open '${path}' (${code ?? 'error'})`)
  }
  try {
    const stats = fstatSync(fd)
    refuseUnlessRegular(path, stats)
    if (stats.size > maxBytes) throw new FileAccessError(`'${path}' is too large (${stats.size} bytes; at most ${maxBytes})`)
    const bytes = new Uint8Array(stats.size)
    let done = 0
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, done)
      if (n === 0) break
      done += n
    }
    return { path: full, bytes: bytes.subarray(0, done) }
  } finally {
    closeSync(fd)
  }
}

/** Checks the spelling, then places the real path under a root or among the granted files. */
function allowedPath(path: string, policy: AccessPolicy): string {
  if (path.includes('\0')) throw new FileAccessError('a path cannot contain a NUL character')
  if (!isAbsolute(path)) throw new FileAccessError(`expected an absolute path, got '${path}'`)
  if (path.split(/[/\\]/).includes('..')) throw new FileAccessError(`'${path}' contains '..'; give the file's own path`)
  const full = canonical(path)
  if (policy.reserved.some((r) => full === r || isInside(full, r))) throw new FileAccessError(`'${path}' is PatchLab's own state; choose another file`)
  if (policy.granted.includes(full) || policy.roots.some((root) => isInside(full, root))) return full
  throw new FileAccessError(`'${path}' is outside the folders PatchLab may use (the examples, its data folder and files you chose in a dialog)`)
}

/** The real parent folder (symlinked folders resolved) joined with the name as given. */
function canonical(path: string): string {
  const full = resolve(path)
  let parent: string
  try {
    parent = realpathSync(dirname(full))
  } catch {
    throw new FileAccessError(`no folder '${dirname(path)}'`)
  }
  return join(parent, basename(full))
}

/** A root that does not exist (yet) is kept as spelled; nothing under it can be opened until it does. */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

function isInside(full: string, root: string): boolean {
  const rel = relative(root, full)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

function refuseUnlessRegular(path: string, stats: Stats): void {
  if (stats.isSymbolicLink()) throw new FileAccessError(`'${path}' is a symbolic link; open the file it points to`)
  if (stats.isDirectory()) throw new FileAccessError(`'${path}' is a folder, not a file`)
  if (!stats.isFile()) throw new FileAccessError(`'${path}' is not a regular file (a device, pipe or socket)`)
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}
