/**
 * The Markdown report: the text report's content, in its order, with GitHub/GitLab-flavoured tables.
 * Every table cell has content (an absent value is `—`), so no row renders empty.
 */
import type { CompareResult, ReportOptions } from '../types'
import { omittedText, reportModel, type ReportModel } from './model'

/** Before/after entries per list, as in the text report. */
const MAX_ROWS = 20
const ABSENT = '—'

export function renderMarkdown(result: CompareResult, options: ReportOptions = {}): string {
  const m = reportModel(result, options, MAX_ROWS)
  const [a, b] = m.sides
  const c = m.rowCounts
  const lines: string[] = [
    `# PatchLab: ${inline(m.title)}`,
    '',
    `**Result: ${inline(m.verdict.text)}.** ${inline(m.verdictSentence)}`,
    '',
    `Event rows: ${c.total} (${c.same} same, ${c.changed} changed, ${c.onlyA} only in A, ${c.onlyB} only in B); ${m.differences.length} result differences.`,
  ]
  if (m.expectations.length) {
    lines.push('')
    for (const e of m.expectations) lines.push(`- Expect, ${code(e.key)}: ${e.ok ? 'matches expect' : `differs: ${e.mismatches.map(code).join('; ')}`}`)
  }
  lines.push('', '## Builds', '')
  for (const side of m.sides) {
    lines.push(`- **${side.letter}** ${code(side.name)}: build ${code(side.build)}, ${side.mode} mode, ${side.vendor}${side.patches.length ? '' : ', no patches'}`)
    for (const p of side.patches) lines.push(`  - ${code(p.id)} ${inline(p.subject)}${p.refs.length ? ` (${p.refs.map(refMarkdown).join(', ')})` : ''}`)
  }
  lines.push('', '## First divergence', '', ...firstDivergence(m), '', `## Before/after (A = ${code(a.name)}, B = ${code(b.name)})`, '')
  if (m.differences.length === 0) lines.push(inline(m.noChanges), '')
  else {
    lines.push(...table(['Field', 'A', 'B'], m.differences.map((d) => [inline(d.path), d.a ?? '(none)', `${d.b ?? '(none)'}${d.delta ? ` [${d.delta}]` : ''}`])), '')
  }
  for (const section of m.observables) {
    lines.push(`### ${inline(section.title)}`, '')
    if (!section.rows.length) lines.push('None on either side.', '')
    else lines.push(...table(['', 'A', 'B'], section.rows.map((r) => [`${r.differs ? '**≠** ' : ''}${inline(r.label)}`, r.a ?? '', r.b ?? ''])), '')
    if (section.omitted) lines.push(omittedText(section.omitted), '')
  }
  lines.push('## Reproducer', '', `Save the scenario as ${code(m.file ?? 'SCENARIO.yaml')} and run ${code(m.reproduce)}.`, '')
  if (m.source !== undefined) lines.push(...fenced(m.source, 'yaml'), '')
  lines.push(inline(m.statement))
  if (m.trailer) lines.push('', m.trailer)
  return `${lines.join('\n')}\n`
}

function refMarkdown(ref: string): string {
  const link = ref.match(/^Link: (https:\/\/\S+)$/)
  return link ? `<${link[1]}>` : inline(ref)
}

function firstDivergence(m: ReportModel): string[] {
  const d = m.firstDivergence
  if (!d) return [inline(m.noDivergence)]
  const gap = (next?: string) => (next ? `(no event; next: ${next})` : '(no event)')
  const rows = [['event', d.a ?? gap(d.aNext), d.b ?? gap(d.bNext)]]
  if (d.aBy !== undefined || d.bBy !== undefined) rows.push(['kernel function', d.aBy ?? ABSENT, d.bBy ?? ABSENT])
  rows.push(...d.diffs.map((f) => [inline(f.path), f.a ?? '(absent)', `${f.b ?? '(absent)'}${f.delta ? ` [${f.delta}]` : ''}`]))
  const more = m.rowCounts.total - m.rowCounts.same - 1
  return [
    `Event row ${d.row} of ${m.rowCounts.total}:`,
    '',
    ...table(['', 'A', 'B'], rows),
    ...(more > 0 ? ['', `${more} more event ${more === 1 ? 'row differs' : 'rows differ'} after this one.`] : []),
  ]
}

/** A GFM table; the first column is Markdown the caller escaped, the others become code spans. */
function table(head: string[], rows: string[][]): string[] {
  const cells = (r: string[]) => `| ${r.join(' | ')} |`
  return [
    cells(head.map((h) => (h ? inline(h) : ' '))),
    cells(head.map(() => '---')),
    ...rows.map((r) => cells(r.map((v, i) => (i === 0 ? v || ABSENT : v && v !== ABSENT ? code(v) : ABSENT)))),
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
