/**
 * The plain-text mail reply: every line at most 80 columns, no tabs, no trailing spaces, in the shape
 * testers paste on the list (a header naming both sides, "compared to <base>" changes, the first
 * divergence, a before/after table, the scenario, a Tested-by placeholder).
 *
 * The scenario is quoted as a block indented by four spaces rather than a ``` fence: that is how code
 * is quoted in kernel mail and commit messages, it survives mail clients and `git am` untouched, and
 * the YAML copies out unchanged. Lines too long for the block are folded with a trailing `\`
 * (after a space where there is one), so removing each `\` and line break restores the line.
 */
import type { CompareResult, FieldDiff } from '../types'
import { TESTED_BY_PLACEHOLDER, omittedText, reportModel, type ReportModel } from './model'
import { columns, wrapText } from './text-wrap'

const WIDTH = 80
const SOURCE_INDENT = '    '
/** Before/after entries per list in a mail; the HTML and JSON reports carry all of them. */
const MAX_ROWS = 20

export function renderText(result: CompareResult): string {
  const m = reportModel(result, MAX_ROWS)
  const [a, b] = m.sides
  const lines: string[] = [
    ...wrapText(`PatchLab: ${m.title}`, WIDTH),
    '',
    ...header(m),
    '',
    ...verdict(m),
    '',
    ...heading(`Changes in ${b.name} (compared to ${a.name})`),
    ...changes(m),
    '',
    ...heading('First divergence'),
    ...firstDivergence(m),
    '',
    ...heading('Before/after'),
    ...observables(m),
    '',
    ...scenarioBlock(m),
    ...wrapText('Suggested trailer (replace the placeholder with your own name and address before sending):', WIDTH),
    '',
    TESTED_BY_PLACEHOLDER,
  ]
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`
}

function header(m: ReportModel): string[] {
  const lines: string[] = []
  if (m.file) lines.push(...labelled('Scenario: ', m.file))
  const nameWidth = Math.max(...m.sides.map((s) => s.name.length)) + 2
  m.sides.forEach((side, i) => {
    const build = side.stack === 'no patches' ? `build ${side.build}, no patches` : `build ${side.build} = ${side.stack}`
    const prefix = `${i ? 'B' : 'A'}: ${side.name.padEnd(nameWidth)}`
    lines.push(...labelled(prefix, `${build}; ${side.mode} mode; ${side.vendor}`))
  })
  return lines
}

function verdict(m: ReportModel): string[] {
  const [a, b] = m.sides
  const c = m.rowCounts
  return [
    ...wrapText(`Result: ${m.verdict}`, WIDTH),
    ...wrapText(
      `Event rows: ${c.total} (${c.same} same, ${c.changed} changed, ${c.onlyA} only in ${a.name}, ` +
        `${c.onlyB} only in ${b.name}); ${m.differences.length} result differences.`,
      WIDTH,
    ),
  ]
}

function heading(title: string): string[] {
  return [title, '-'.repeat(Math.min(title.length, WIDTH))]
}

function changes(m: ReportModel): string[] {
  if (m.differences.length === 0) {
    return wrapText(m.noChanges, WIDTH)
  }
  return [
    ...wrapText(`Values read ${m.sides[0].name} -> ${m.sides[1].name}; (none): that side has no such entry.`, WIDTH),
    ...m.differences.flatMap((d) => labelled(`  ${d.path.padEnd(20)} `, `${d.a ?? '(none)'} -> ${d.b ?? '(none)'}`)),
  ]
}

/** Both sides' values under each other, labelled with the side names. */
function sideValues(m: ReportModel, a: string, b: string, indent: number): string[] {
  const nameWidth = Math.max(...m.sides.map((s) => s.name.length)) + 2
  return [a, b].flatMap((value, i) => {
    const prefix = `${' '.repeat(indent)}${m.sides[i].name.padEnd(nameWidth)}`
    return labelled(prefix, value)
  })
}

function firstDivergence(m: ReportModel): string[] {
  const d = m.firstDivergence
  if (!d) {
    return wrapText(m.noDivergence, WIDTH)
  }
  const lines = [`Event row ${d.row} of ${m.rowCounts.total}:`]
  lines.push(...sideValues(m, withBy(d.a, d.aBy, d.aNext), withBy(d.b, d.bBy, d.bNext), 2))
  if (d.diffs.length) {
    lines.push('  Fields that differ:')
    lines.push(...d.diffs.flatMap((f) => fieldChange(f)))
  }
  const more = m.rowCounts.total - m.rowCounts.same - 1
  if (more > 0) lines.push(...wrapText(`${more} more event ${more === 1 ? 'row differs' : 'rows differ'} after this one.`, WIDTH))
  return lines
}

function withBy(event: string | undefined, by: string | undefined, next: string | undefined): string {
  if (event === undefined) return next ? `(no event; next: ${next})` : '(no event)'
  return by ? `${event} [${by}]` : event
}

function fieldChange(f: FieldDiff): string[] {
  return labelled(`    ${f.path.padEnd(14)} `, `${f.a ?? '(absent)'} -> ${f.b ?? '(absent)'}`)
}

/** `prefix` then `text` wrapped beside it; a prefix too wide for that puts the text on its own lines. */
function labelled(prefix: string, text: string): string[] {
  if (prefix.length <= WIDTH - 24) return columns(prefix, [{ text, width: WIDTH - prefix.length }])
  const indent = ' '.repeat(prefix.length - prefix.trimStart().length + 2)
  return [...wrapText(prefix.trimEnd(), WIDTH), ...columns(indent, [{ text, width: WIDTH - indent.length }])]
}

/** The before/after table: `* ` marks lines whose sides differ. */
function observables(m: ReportModel): string[] {
  const cell = 34
  const lines = columns(' '.repeat(10), [{ text: m.sides[0].name, width: cell }, { text: m.sides[1].name, width: cell }])
  for (const section of m.observables) {
    lines.push(...wrapText(section.title, WIDTH))
    for (const row of section.rows) {
      const prefix = `${row.differs ? '*' : ' '} ${row.label.padEnd(8)}`
      lines.push(...columns(prefix, [{ text: row.a ?? '', width: cell }, { text: row.b ?? '', width: cell }]))
    }
    if (section.omitted) lines.push(...columns('  ', [{ text: omittedText(section.omitted), width: WIDTH - 2 }]))
  }
  return lines
}

function scenarioBlock(m: ReportModel): string[] {
  if (m.source === undefined) return []
  const width = WIDTH - SOURCE_INDENT.length
  const body = m.source.replace(/\n$/, '').split('\n').map((l) => l.replace(/\t/g, '  ').trimEnd())
  const folded = body.flatMap((line) => foldLine(line, width))
  const title = m.file ? `Scenario (${m.file}):` : 'Scenario:'
  const lines = [...wrapText(title, WIDTH)]
  if (folded.length > body.length) lines.push('(long lines are folded; a trailing \\ continues on the next line)')
  lines.push('', ...folded.map((l) => (l ? SOURCE_INDENT + l : '')), '')
  return lines
}

/** Folds at the last space that fits (the space stays before the `\`), else at the width. */
function foldLine(line: string, width: number): string[] {
  const pieces: string[] = []
  let rest = line
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width - 2)
    const cut = space > width / 2 ? space + 1 : width - 1
    pieces.push(`${rest.slice(0, cut)}\\`)
    rest = rest.slice(cut)
  }
  pieces.push(rest)
  return pieces
}
