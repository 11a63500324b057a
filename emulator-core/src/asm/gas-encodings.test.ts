import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assemble } from './assemble'

/** Instruction forms and snippets with the bytes GNU as 2.40 produced for them (see generatedBy in the file). */
const table = JSON.parse(readFileSync(new URL('./testdata/gas-encodings.json', import.meta.url), 'utf8')) as {
  generatedBy: string
  cases: Array<[source: string, hex: string]>
}

function ourHex(source: string): string {
  const result = assemble(source)
  if (!result.ok) return `error: ${result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('; ')}`
  return Buffer.from(result.bytes).toString('hex')
}

describe('encodings match GNU as byte for byte', () => {
  it(`covers a table of ${table.cases.length} forms`, () => {
    expect(table.cases.length).toBeGreaterThan(900)
  })

  it('every form assembles to the bytes GNU as produced', () => {
    const mismatches = table.cases
      .map(([source, hex]) => ({ source, expected: hex, actual: ourHex(source) }))
      .filter((c) => c.actual !== c.expected)
    expect(mismatches).toEqual([])
  })
})
