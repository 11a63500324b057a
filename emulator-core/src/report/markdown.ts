/** The Markdown report: the text report's content with GitHub-flavoured tables. */
import type { CompareResult } from '../types'
import { TESTED_BY_PLACEHOLDER, omittedText, reportModel, type ReportModel } from './model'

/** Before/after entries per list, as in the text report. */
const MAX_ROWS = 20

export function renderMarkdown(result: CompareResult): string {
  const m = reportModel(result, MAX_ROWS)
  const [a, b] = m.sides
  const c = m.rowCounts
  const lines: string[] = [`# PatchLab: ${inline(m.title)}`, '']
  if (m.file) lines.push(`- Scenario: ${code(m.file)}`)
  m.sides.forEach((side, i) => {
    lines.push(`- **${i ? 'B' : 'A'}** ${code(side.name)}: build ${code(side.build)} (${inline(side.stack)}), ${side.mode} mode, ${side.vendor}`)
  })
  lines.push(
    '',
    `**Result:** ${inline(m.verdict)}`,
    `Event rows: ${c.total} (${c.same} same, ${c.changed} changed, ${c.onlyA} only in ${code(a.name)}, ` +
      `${c.onlyB} only in ${code(b.name)}); ${m.differences.length} result differences.`,
    '',
    `## Changes in ${code(b.name)} (compared to ${code(a.name)})`,
    '',
  )
  if (m.differences.length === 0) {
    lines.push(inline(m.noChanges))
  } else {
    lines.push(...table(['Field', a.name, b.name], m.differences.map((d) => [inline(d.path), d.a ?? '(none)', d.b ?? '(none)'])))
  }
  lines.push('', '## First divergence', '', ...firstDivergence(m), '', '## Before/after', '')
  for (const section of m.observables) {
    lines.push(`### ${inline(section.title)}`, '')
    lines.push(...table(['', a.name, b.name], section.rows.map((r) => [`${r.differs ? '**≠** ' : ''}${inline(r.label)}`, r.a ?? '', r.b ?? ''])), '')
    if (section.omitted) lines.push(omittedText(section.omitted), '')
  }
  if (m.source !== undefined) lines.push(`## Scenario${m.file ? ` (${code(m.file)})` : ''}`, '', ...fenced(m.source, 'yaml'), '')
  lines.push('## Tested-by', '', 'Suggested trailer (replace the placeholder with your own name and address):', '', '```', TESTED_BY_PLACEHOLDER, '```')
  return `${lines.join('\n')}\n`
}

function firstDivergence(m: ReportModel): string[] {
  const d = m.firstDivergence
  if (!d) return [inline(m.noDivergence)]
  const [a, b] = m.sides
  const gap = (next?: string) => (next ? `(no event; next: ${next})` : '(no event)')
  const rows = [
    ['event', d.a ?? gap(d.aNext), d.b ?? gap(d.bNext)],
    ['by', d.aBy ?? '', d.bBy ?? ''],
    ...d.diffs.map((f) => [inline(f.path), f.a ?? '(absent)', f.b ?? '(absent)']),
  ]
  const more = m.rowCounts.total - m.rowCounts.same - 1
  return [
    `Event row ${d.row} of ${m.rowCounts.total}:`,
    '',
    ...table(['', a.name, b.name], rows),
    ...(more > 0 ? ['', `${more} more event ${more === 1 ? 'row differs' : 'rows differ'} after this one.`] : []),
  ]
}

/** A GFM table; the first column is Markdown the caller escaped, the others become code spans. */
function table(head: string[], rows: string[][]): string[] {
  const cells = (r: string[]) => `| ${r.join(' | ')} |`
  return [
    cells(head.map((h, i) => (i === 0 ? inline(h) : code(h)))),
    cells(head.map(() => '---')),
    ...rows.map((r) => cells(r.map((v, i) => (i === 0 ? v : v ? code(v) : '')))),
  ]
}

/** A code span that survives any backticks inside, with `|` escaped for table cells. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`
}

/** Plain text in Markdown: escapes the characters that would turn into markup. */
function inline(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`)
}

function fenced(source: string, lang: string): string[] {
  const longest = Math.max(0, ...(source.match(/`{3,}/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [`${fence}${lang}`, ...source.replace(/\n$/, '').split('\n'), fence]
}
