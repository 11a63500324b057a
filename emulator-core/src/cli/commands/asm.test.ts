import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../main'

let dir: string
let stdout: string
let stderr: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'patchlab-asm-'))
  stdout = ''
  stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true))
})
afterEach(() => vi.restoreAllMocks())

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

// Bytes from GNU as 2.40: mov %dr6,%rax = 0f 21 f0; jmp to self = eb fe.
const source = 'start:\n  mov %dr6, %rax\n  KVM_FEP\n  jmp start\n'

describe('patchlab asm', () => {
  it('prints hex bytes by default', async () => {
    expect(await main(['asm', file('t.S', source)])).toBe(0)
    expect(stdout).toBe('0f 21 f0 0f 0b 6b 76 6d eb f6\n')
  })

  it('prints a listing with --listing and --origin', async () => {
    expect(await main(['asm', file('t.S', source), '--listing', '--origin', '0x1000'])).toBe(0)
    expect(stdout).toBe(
      [
        '1 0x1000                           start:',
        '2 0x1000  0f 21 f0                   mov %dr6, %rax',
        '3 0x1003  0f 0b 6b 76 6d             KVM_FEP',
        '4 0x1008  eb f6                      jmp start',
        '',
      ].join('\n'),
    )
  })

  it('reports errors as FILE:LINE:COL and exits 2', async () => {
    const path = file('bad.S', 'nop\n  movx %rax, %rbx\n  jmp nowhere\n')
    expect(await main(['asm', path])).toBe(2)
    expect(stderr).toBe(`${path}:2:3: unknown mnemonic 'movx'\n${path}:3:7: undefined symbol 'nowhere'\n`)
    expect(stdout).toBe('')
  })

  it('rejects a bad --origin and a missing file', async () => {
    expect(await main(['asm', file('t.S', source), '--origin', 'zz'])).toBe(2)
    expect(stderr).toContain("--origin needs an address like 0x400000, got 'zz'")
    stderr = ''
    expect(await main(['asm', join(dir, 'missing.S')])).toBe(2)
    expect(stderr).toMatch(/missing\.S:1:1: cannot read the file/)
  })
})

describe('patchlab disasm', () => {
  it('prints address, bytes and GAS text per instruction', async () => {
    const path = file('t.bin', new Uint8Array([0x0f, 0x21, 0xf0, 0xeb, 0xfe, 0xf1]))
    expect(await main(['disasm', path, '--origin', '0x1000'])).toBe(0)
    expect(stdout.split('\n')).toEqual([
      `0x1000  ${'0f 21 f0'.padEnd(30)}  mov %dr6,%rax`,
      `0x1003  ${'eb fe'.padEnd(30)}  jmp 0x1003`,
      `0x1005  ${'f1'.padEnd(30)}  int1`,
      '',
    ])
  })

  it('exits 2 without a file', async () => {
    expect(await main(['disasm'])).toBe(2)
    expect(stderr).toContain('missing FILE.bin')
  })
})
