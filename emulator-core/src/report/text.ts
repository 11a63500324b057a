/**
 * The plain-text mail reply, in the order a reviewer reads: verdict, build identity, first
 * divergence, before/after, reproducer; then the statement that this is a model result and, only
 * when asked for, a trailer. Prose and tables fit 80 columns; two kinds of line may be longer
 * because breaking them would break them: `Link:` trailers (b4 writes lore URLs whole) and lines of
 * the embedded scenario.
 *
 * The scenario is quoted verbatim as a block indented by four spaces (how code is quoted in kernel
 * mail; it survives mail clients and `git am`), never folded: removing the indent gives back the file.
 */
import type { CompareResult, ReportOptions } from '../types'
import { omittedText, reportModel, type DecodedDiff, type ReportModel } from './model'
import { replyHeader } from './reply'
import { columns, wrapText } from './text-wrap'

const WIDTH = 80
export const SOURCE_INDENT = '    '
/** Before/after entries per list in a mail; the HTML and JSON reports carry all of them. */
const MAX_ROWS = 20

export function renderText(result: CompareResult, options: ReportOptions = {}): string {
  const m = reportModel(result, options, MAX_ROWS)
  const lines: string[] = [
    ...(options.replyTo ? replyHeader(options.replyTo, m) : []),
    ...wrapText(`PatchLab: ${m.title}`, WIDTH),
    '',
    ...verdict(m),
    '',
    ...heading('Builds'),
    ...identity(m),
    '',
    ...heading('First divergence'),
    ...firstDivergence(m),
    '',
    ...heading(`Before/after (A = ${m.sides[0].name}, B = ${m.sides[1].name})`),
    ...changes(m),
    '',
    ...observables(m),
    '',
    ...heading('Reproducer'),
    ...reproducer(m),
    ...wrapText(m.statement, WIDTH),
    ...(m.trailer ? ['', m.trailer] : []),
  ]
  // Not trimmed: the scenario block must stay byte for byte (other lines are built without trailing spaces).
  return `${lines.join('\n')}\n`
}

function verdict(m: ReportModel): string[] {
  const c = m.rowCounts
  const lines = [
    ...wrapText(`Result: ${m.verdict.text}`, WIDTH),
    ...wrapText(m.verdictSentence, WIDTH),
    ...wrapText(
      `Event rows: ${c.total} (${c.same} same, ${c.changed} changed, ${c.onlyA} only in A, ${c.onlyB} only in B); ` +
        `${m.differences.length} result ${m.differences.length === 1 ? 'difference' : 'differences'}.`,
      WIDTH,
    ),
  ]
  for (const e of m.expectations) {
    if (e.ok) lines.push(...wrapText(`Expect: ${e.key}: matches expect`, WIDTH))
    else lines.push(...wrapText(`Expect: ${e.key}: differs from expect in`, WIDTH), ...e.mismatches.flatMap((x) => labelled('  ', x)))
  }
  return lines
}

function heading(title: string): string[] {
  const lines = wrapText(title, WIDTH)
  return [...lines, '-'.repeat(Math.min(Math.max(...lines.map((l) => l.length)), WIDTH))]
}

/** Each side's build as `id subject` lines with the upstream commit or lore Link. */
function identity(m: ReportModel): string[] {
  const lines: string[] = []
  const idWidth = Math.max(6, ...m.sides.flatMap((s) => s.patches.map((p) => p.id.length)))
  const indent = ' '.repeat(idWidth + 4)
  for (const side of m.sides) {
    lines.push(...wrapText(`${side.letter}: ${side.name}: build ${side.build}, ${side.mode} mode, ${side.vendor}${side.patches.length ? '' : ', no patches'}`, WIDTH))
    for (const p of side.patches) {
      lines.push(...columns(`   ${p.id.padEnd(idWidth)} `, [{ text: p.subject, width: WIDTH - indent.length }]))
      // A Link: trailer stays whole (a broken URL does not work); other references wrap.
      for (const ref of p.refs) lines.push(...(ref.startsWith('Link: ') ? [`${indent}${ref}`] : columns(indent, [{ text: ref, width: WIDTH - indent.length }])))
    }
  }
  return lines
}

function changes(m: ReportModel): string[] {
  if (m.differences.length === 0) return wrapText(m.noChanges, WIDTH)
  return [
    'Result differences (A -> B; "(none)": that side has no such entry):',
    ...m.differences.flatMap((d) => [...wrapText(`* ${d.path}`, WIDTH), ...valueChange(d, '    ', '(none)')]),
  ]
}

function valueChange(d: DecodedDiff, indent: string, absent: string): string[] {
  return [
    ...labelled(`${indent}A `, d.a ?? absent),
    ...labelled(`${indent}B `, d.b ?? absent),
    ...(d.delta ? labelled(`${indent}  `, `DR6 bits: ${d.delta}`) : []),
  ]
}

function firstDivergence(m: ReportModel): string[] {
  const d = m.firstDivergence
  if (!d) return wrapText(m.noDivergence, WIDTH)
  const lines = [`Event row ${d.row} of ${m.rowCounts.total}:`]
  lines.push(...labelled('  A ', withBy(d.a, d.aBy, d.aNext)), ...labelled('  B ', withBy(d.b, d.bBy, d.bNext)))
  if (d.diffs.length) {
    lines.push('  Fields that differ:')
    for (const f of d.diffs) lines.push(`    ${f.path}`, ...valueChange(f, '      ', '(absent)'))
  }
  const more = m.rowCounts.total - m.rowCounts.same - 1
  if (more > 0) lines.push(...wrapText(`${more} more event ${more === 1 ? 'row differs' : 'rows differ'} after this one.`, WIDTH))
  return lines
}

function withBy(event: string | undefined, by: string | undefined, next: string | undefined): string {
  if (event === undefined) return next ? `(no event; next: ${next})` : '(no event)'
  return by ? `${event} [${by}]` : event
}

/** `prefix` then `text` wrapped beside it. */
function labelled(prefix: string, text: string): string[] {
  return columns(prefix, [{ text, width: WIDTH - prefix.length }])
}

/** The before/after table in list layout: each entry's A and B lines; `*` marks entries that differ. */
function observables(m: ReportModel): string[] {
  const lines: string[] = []
  for (const section of m.observables) {
    lines.push(...wrapText(section.title, WIDTH))
    if (!section.rows.length) lines.push('  (none on either side)')
    for (const row of section.rows) {
      const mark = row.differs ? '*' : ' '
      const label = row.label.padEnd(7)
      lines.push(...labelled(`${mark} ${label} A `, row.a ?? ''), ...labelled(`  ${' '.repeat(7)} B `, row.b ?? ''))
    }
    if (section.omitted) lines.push(...columns('  ', [{ text: omittedText(section.omitted), width: WIDTH - 2 }]))
    lines.push('')
  }
  lines.pop()
  return lines
}

function reproducer(m: ReportModel): string[] {
  if (m.source === undefined) return ['Run:', '', `${SOURCE_INDENT}${m.reproduce}`, '']
  const body = m.source.replace(/\n$/, '').split('\n')
  return [
    ...wrapText(`Save the scenario below as ${m.file ?? 'SCENARIO.yaml'} (remove the 4-space indent) and run:`, WIDTH),
    '',
    `${SOURCE_INDENT}${m.reproduce}`,
    '',
    ...body.map((l) => (l ? SOURCE_INDENT + l : '')),
    '',
  ]
}

/** The embedded scenario, as a reader copies it back out of the mail (the block after the command). */
export function scenarioFromText(report: string): string | undefined {
  const lines = report.split('\n')
  const command = lines.findIndex((l) => l.startsWith(`${SOURCE_INDENT}patchlab compare `))
  if (command < 0 || lines[command + 1] !== '' || !lines[command + 2]?.startsWith(SOURCE_INDENT)) return undefined
  const start = command + 2
  const out: string[] = []
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]
    if (l !== '' && !l.startsWith(SOURCE_INDENT)) break
    out.push(l.slice(SOURCE_INDENT.length))
  }
  while (out.length && out[out.length - 1] === '') out.pop()
  return `${out.join('\n')}\n`
}
