import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { InputErrors, type Scenario } from '../types'

/** Input files the CLI reads (scenarios, sources, flat binaries) are refused past this size: 4 MiB is the guest's memory. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024

/**
 * Reads one input file: a regular file of at most `maxBytes`. A FIFO, a device such as /dev/zero or a
 * folder is refused at once (reading one would block or fill memory).
 */
export function readInputFile(path: string, maxBytes = MAX_INPUT_BYTES): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = fstatSync(fd)
    if (stats.isDirectory()) throw new Error('it is a folder')
    if (!stats.isFile()) throw new Error('it is not a regular file (a device, pipe or socket)')
    if (stats.size > maxBytes) throw new Error(`it is ${stats.size} bytes; at most ${maxBytes}`)
    const bytes = Buffer.alloc(stats.size)
    let done = 0
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, done)
      if (n === 0) break
      done += n
    }
    return bytes.subarray(0, done)
  } finally {
    closeSync(fd)
  }
}

/** The CLI's `guest.binary` loader: the binary's path is relative to the scenario file. */
export function binaryBeside(scenarioFile: string): (path: string) => Uint8Array {
  return (path) => readInputFile(resolve(dirname(scenarioFile), path))
}

/** Why a file could not be read, in words (ENOENT is the common case). */
export function readFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
}

/** Reads and parses scenario files, collecting every file's errors before giving up. */
export async function readScenarios(files: readonly string[], parse: (text: string, file: string) => Scenario): Promise<Scenario[]> {
  const scenarios: Scenario[] = []
  const errors: InputErrors['errors'] = []
  for (const file of files) {
    let text: string
    try {
      text = readInputFile(file).toString('utf8')
    } catch (error) {
      errors.push({ file, line: 1, column: 1, message: `cannot read the file: ${readFailure(error)}` })
      continue
    }
    try {
      scenarios.push(parse(text, file))
    } catch (error) {
      if (error instanceof InputErrors) errors.push(...error.errors)
      else throw error
    }
  }
  if (errors.length) throw new InputErrors(errors)
  return scenarios
}

/** Prints a bad-input error the way every patchlab command does and returns exit status 2. */
export function reportInputError(command: string, error: unknown): number {
  if (error instanceof InputErrors) process.stderr.write(`${error.message}\n`)
  else process.stderr.write(`patchlab ${command}: ${error instanceof Error ? error.message : String(error)}\n`)
  return 2
}
