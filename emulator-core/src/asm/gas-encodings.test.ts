import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assemble } from './assemble'

interface GasTable {
  generatedBy: string
  cases: Array<[source: string, hex: string]>
}

/** Sources with the bytes GNU as 2.40 produced for them (see generatedBy in each file). */
function table(name: string): GasTable {
  return JSON.parse(readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8')) as GasTable
}

function ourHex(source: string): string {
  const result = assemble(source)
  if (!result.ok) return `error: ${result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('; ')}`
  return Buffer.from(result.bytes).toString('hex')
}

describe.each([
  ['gas-encodings.json', 1100],
  ['gas-random-forms.json', 3000],
  ['gas-random-programs.json', 400],
  ['gas-random-expressions.json', 400],
  ['gas-random-more-forms.json', 2000],
])('%s: encodings match GNU as byte for byte', (name, atLeast) => {
  const { cases } = table(name)

  it(`covers at least ${atLeast} sources`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(atLeast)
  })

  it('every source assembles to the bytes GNU as produced', () => {
    const mismatches = cases
      .map(([source, hex]) => ({ source, expected: hex, actual: ourHex(source) }))
      .filter((c) => c.actual !== c.expected)
    expect(mismatches).toEqual([])
  })
})
