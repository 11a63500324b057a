import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputErrors } from '../types'
import { readInputFile, readScenarios } from './cli-input'

describe('readInputFile (what the CLI reads)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'patchlab-cli-input-'))

  it('refuses /dev/zero, a FIFO and a folder at once, and files over 4 MiB', () => {
    const fifo = join(dir, 'pipe.yaml')
    execFileSync('mkfifo', [fifo])
    expect(() => readInputFile('/dev/zero')).toThrow('it is not a regular file (a device, pipe or socket)')
    expect(() => readInputFile(fifo)).toThrow('it is not a regular file (a device, pipe or socket)')
    expect(() => readInputFile(dir)).toThrow('it is a folder')
    const big = join(dir, 'big.bin')
    writeFileSync(big, Buffer.alloc(4 * 1024 * 1024 + 1))
    expect(() => readInputFile(big)).toThrow('it is 4194305 bytes; at most 4194304')
  })

  it('reports an unreadable scenario as a positioned input error', async () => {
    const error = await readScenarios(['/dev/zero', join(dir, 'missing.yaml')], () => {
      throw new Error('not reached')
    }).catch((e: unknown) => e)
    expect((error as InputErrors).errors).toEqual([
      { file: '/dev/zero', line: 1, column: 1, message: 'cannot read the file: it is not a regular file (a device, pipe or socket)' },
      { file: join(dir, 'missing.yaml'), line: 1, column: 1, message: 'cannot read the file: no such file' },
    ])
  })
})
