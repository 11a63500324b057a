// The behavioural reference travels with the code (issue 14 §5): nothing cites the copy outside the repository,
// and every section (§2.7, §2.13.4) and scenario row (S3, S12b) cited next to docs/reference/kvm-db-semantics.md
// exists in it, so a citation cannot dangle after the reference is edited.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const REFERENCE = 'docs/reference/kvm-db-semantics.md'
const SELF = 'docs/reference/citations.test.ts'
const reference = readFileSync(join(root, REFERENCE), 'utf8')

function trackedTextFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0')
  return files.filter((f) => /\.(ts|vue|mjs|md|yaml)$/.test(f) && !f.startsWith('examples/golden/') && f !== REFERENCE && f !== SELF)
}

/** `2.13` → the text of that section, up to the next heading. */
function section(number: string): string | undefined {
  const start = reference.search(new RegExp(`^#{2,3} ${number.replace(/\./g, '\\.')}\\.? `, 'm'))
  if (start < 0) return undefined
  const body = reference.indexOf('\n', start) + 1
  const next = reference.slice(body).search(/^#{2,3} /m)
  return next < 0 ? reference.slice(start) : reference.slice(start, body + next)
}

/** §2.7 is a heading; §2.13.4 is item 4 of the numbered list in section 2.13. */
function sectionExists(number: string): boolean {
  if (section(number)) return true
  const parent = number.slice(0, number.lastIndexOf('.'))
  const item = number.slice(number.lastIndexOf('.') + 1)
  return new RegExp(`^${item}\\. `, 'm').test(section(parent) ?? '')
}

const scenarioRows = new Set([...(section('4') ?? '').matchAll(/^\| (S\d+[a-z]?) \|/gm)].map((m) => m[1]))

/** Lines that cite the reference, with the sections and rows each names. */
function citations(): { at: string; sections: string[]; rows: string[] }[] {
  return trackedTextFiles().flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
      .filter(({ line }) => line.includes(REFERENCE))
      .map(({ line, at }) => {
        // The citation runs to the end of the line or to the next source (`; SDM Vol. 3 §18.2.3`).
        const cited = line.slice(line.indexOf(REFERENCE) + REFERENCE.length).split(/;|\bSDM\b/)[0]
        return { at, sections: [...cited.matchAll(/§(\d+(?:\.\d+)*)/g)].map((m) => m[1]), rows: [...cited.matchAll(/\b(S\d+[a-z]?)\b/g)].map((m) => m[1]) }
      }),
  )
}

describe('citations of the behavioural reference', () => {
  it('finds the scenario rows and the citations (the checks below are not vacuous)', () => {
    expect(scenarioRows).toContain('S1')
    expect(scenarioRows).toContain('S12b')
    expect(scenarioRows).toContain('S19')
    expect(citations().length).toBeGreaterThan(80)
  })

  it('never cites the reference outside the repository', () => {
    const outside = trackedTextFiles().filter((f) => readFileSync(join(root, f), 'utf8').includes('shared/reference/kvm-db-semantics'))
    expect(outside).toEqual([])
  })

  it('names the file in every citation ("reference §2.7" alone is ambiguous in a clone)', () => {
    const bare = trackedTextFiles().flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\b[Rr]eference (?:spec )?(?:§\d|S\d+\b)/.test(line) ? [`${f}:${i + 1}`] : [])),
    )
    expect(bare).toEqual([])
  })

  it('cites only sections that exist', () => {
    const missing = citations().flatMap((c) => c.sections.filter((s) => !sectionExists(s)).map((s) => `${c.at}: §${s}`))
    expect(missing).toEqual([])
  })

  it('cites only scenario rows that exist', () => {
    const missing = citations().flatMap((c) => c.rows.filter((r) => !scenarioRows.has(r)).map((r) => `${c.at}: ${r}`))
    expect(missing).toEqual([])
  })
})
