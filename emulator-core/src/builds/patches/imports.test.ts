import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dir = dirname(fileURLToPath(import.meta.url))

/** Which patch module imports which: only where the later kernel patch builds on the earlier one. */
function patchImports(): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const file of readdirSync(dir).filter((f) => /^v\d-\d\d-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8')
    const imported = [...source.matchAll(/from '\.\/(v\d-\d\d-[^']+)'/g)].map((m) => m[1])
    if (imported.length) out[file.replace(/\.ts$/, '')] = imported
  }
  return out
}

describe('patch modules are diff-faithful', () => {
  it('import each other only where the kernel patch builds on the earlier one (v3 04/10 on 03/10)', () => {
    // 51543660c521 keeps dfc1c4687e9c's emulate_db(ctxt, DR6_BD) GD branch and changes only the DR7 it reads.
    expect(patchImports()).toEqual({
      'v3-04-honor-use-hw-bp-when-emulating-mov-dr': ['v3-03-set-guest-dr6-by-kvm-queue-exception-p'],
    })
  })
})
