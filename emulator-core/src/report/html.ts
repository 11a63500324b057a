/**
 * The self-contained HTML report: one file, inline CSS, no scripts, no external assets, so it opens
 * offline and can be attached to a bug. The text report's content in its order, plus the full
 * side-by-side aligned event table; divergent cells are highlighted and the first divergence is
 * `#first-divergence`. Every decoded register value carries its SDM bit table, shown on hover or
 * keyboard focus (CSS only); print CSS drops the tooltips and keeps the tables readable in black.
 */
import { decodeNamedValue } from '../decode'
import type { AlignedRow, CompareResult, FieldDiff, ReportOptions, TraceEvent } from '../types'
import { eventText } from './event-text'
import { reportModel, type ReportModel } from './model'

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; } h3 { font-size: 1em; }
code, pre, td.ev, td.v { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #d0d0d0; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.verdict { font-weight: 600; padding: 0.4em 0.8em; display: inline-block; border-radius: 4px; }
.verdict.same { background: #dff3e0; } .verdict.diverges { background: #fde2e1; }
.verdict.same-results, .verdict.inconclusive { background: #fff3c4; }
tr.changed td.ev, tr.differs td.v { background: #fff3c4; }
tr.only-a td.ev.a, tr.only-b td.ev.b { background: #fde2e1; }
tr.only-a td.ev.b, tr.only-b td.ev.a { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 4px, #eee 4px, #eee 8px); }
#first-divergence td { outline: 2px solid #c62828; }
ul.diffs { margin: 2px 0 0; padding-left: 1.2em; } mark { background: #ffd54f; }
td.n, td.seq { color: #777; text-align: right; }
.by { color: #666; }
pre.source { background: #f7f7f7; padding: 0.8em; overflow-x: auto; }
.dec { position: relative; text-decoration: underline dotted; cursor: help; }
.dec .bits { display: none; position: absolute; left: 0; top: 1.4em; z-index: 2; background: #fff; box-shadow: 0 2px 8px #0004; font: 12px system-ui, sans-serif; }
.dec:hover .bits, .dec:focus .bits, .dec:focus-within .bits { display: block; }
.bits td, .bits th { white-space: nowrap; }
.bits tr.on td { font-weight: 600; background: #e8f0fe; }
@media print {
  body { margin: 0; font-size: 11pt; }
  .dec { text-decoration: none; } .dec .bits { display: none !important; }
  tr { break-inside: avoid; } h2, h3 { break-after: avoid; }
  th { background: none; } tr.changed td.ev, tr.differs td.v, .verdict { background: none !important; font-weight: 600; }
  #first-divergence td { outline: 2px solid #000; }
  a { color: inherit; text-decoration: none; }
}
`

export function renderHtml(result: CompareResult, options: ReportOptions = {}): string {
  const m = reportModel(result, options)
  const c = m.rowCounts
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>PatchLab: ${esc(m.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>PatchLab: ${esc(m.title)}</h1>`,
    `<p><span class="verdict ${m.verdict.kind}" data-verdict="${m.verdict.kind}">${esc(m.verdict.text)}</span> ${esc(m.verdictSentence)}</p>`,
    `<p>Event rows: ${c.total} (${c.same} same, ${c.changed} changed, ${c.onlyA} only in A, ${c.onlyB} only in B); ${m.differences.length} result differences.` +
      `${m.firstDivergence ? ' <a href="#first-divergence">Jump to the first divergence</a>.' : ''}</p>`,
    ...expectations(m),
    '<h2>Builds</h2>',
    ...identity(m),
    '<h2>First divergence</h2>',
    ...firstDivergence(m),
    `<h2>Before/after (A = <code>${esc(m.sides[0].name)}</code>, B = <code>${esc(m.sides[1].name)}</code>)</h2>`,
    ...changes(m),
    ...observables(m),
    '<h2>Aligned events</h2>',
    ...eventTable(result),
    '<h2>Reproducer</h2>',
    `<p>Save the scenario as <code>${esc(m.file ?? 'SCENARIO.yaml')}</code> and run <code>${esc(m.reproduce)}</code>.</p>`,
    ...(m.source !== undefined ? [`<pre class="source"><code>${esc(m.source)}</code></pre>`] : []),
    `<p>${esc(m.statement)}</p>`,
    ...(m.trailer ? [`<pre>${esc(m.trailer)}</pre>`] : []),
    '</body>',
    '</html>',
  ]
  return `${parts.join('\n')}\n`
}

function expectations(m: ReportModel): string[] {
  if (!m.expectations.length) return []
  return ['<ul class="expect">', ...m.expectations.map((e) => `<li>Expect, <code>${esc(e.key)}</code>: ${e.ok ? 'matches expect' : `differs: ${e.mismatches.map((x) => `<code>${esc(x)}</code>`).join('; ')}`}</li>`), '</ul>']
}

function identity(m: ReportModel): string[] {
  return [
    '<table class="sides">',
    '<tr><th></th><th>Side</th><th>Build</th><th>Patches</th><th>Mode</th><th>Vendor</th></tr>',
    ...m.sides.map((s) => {
      const patches = s.patches.length
        ? `<ul>${s.patches.map((p) => `<li><code>${esc(p.id)}</code> ${esc(p.subject)}${p.refs.map(refHtml).join('')}</li>`).join('')}</ul>`
        : 'no patches'
      return `<tr><th>${s.letter}</th><td><code>${esc(s.name)}</code></td><td><code>${esc(s.build)}</code></td><td>${patches}</td><td>${esc(s.mode)}</td><td>${esc(s.vendor)}</td></tr>`
    }),
    '</table>',
  ]
}

/** As text, not a link: the report stays free of external references (it may be opened offline). */
function refHtml(ref: string): string {
  return `<br><code class="by">${esc(ref)}</code>`
}

function firstDivergence(m: ReportModel): string[] {
  const d = m.firstDivergence
  if (!d) return [`<p>${esc(m.noDivergence)}</p>`]
  const gap = (next?: string) => (next ? `(no event; next: ${next})` : '(no event)')
  return [
    `<p>Event row ${d.row} of ${m.rowCounts.total}.</p>`,
    '<table class="divergence">',
    '<tr><th></th><th>A</th><th>B</th></tr>',
    `<tr><th>event</th><td class="v">${valueHtml('', d.a ?? gap(d.aNext))}</td><td class="v">${valueHtml('', d.b ?? gap(d.bNext))}</td></tr>`,
    ...(d.aBy !== undefined || d.bBy !== undefined ? [`<tr><th>kernel function</th><td class="v">${esc(d.aBy ?? '—')}</td><td class="v">${esc(d.bBy ?? '—')}</td></tr>`] : []),
    ...d.diffs.map((f) => `<tr class="differs"><th><code>${esc(f.path)}</code></th><td class="v">${valueHtml(f.path, f.a ?? '(absent)')}</td><td class="v">${valueHtml(f.path, f.b ?? '(absent)')}${f.delta ? ` [${esc(f.delta)}]` : ''}</td></tr>`),
    '</table>',
  ]
}

function changes(m: ReportModel): string[] {
  if (m.differences.length === 0) return [`<p>${esc(m.noChanges)}</p>`]
  return [
    '<table class="changes">',
    '<tr><th>Field</th><th>A</th><th>B</th></tr>',
    ...m.differences.map((d) => `<tr class="differs"><td><code>${esc(d.path)}</code></td><td class="v">${valueHtml(d.path, d.a ?? '(none)')}</td><td class="v">${valueHtml(d.path, d.b ?? '(none)')}${d.delta ? ` [${esc(d.delta)}]` : ''}</td></tr>`),
    '</table>',
  ]
}

function observables(m: ReportModel): string[] {
  return m.observables.flatMap((section) => [
    `<h3>${esc(section.title)}</h3>`,
    ...(section.rows.length
      ? [
          '<table class="observables">',
          '<tr><th></th><th>A</th><th>B</th></tr>',
          ...section.rows.map((r) => `<tr${r.differs ? ' class="differs"' : ''}><th>${esc(r.label)}</th><td class="v">${valueHtml(r.label, r.a ?? '')}</td><td class="v">${valueHtml(r.label, r.b ?? '')}</td></tr>`),
          '</table>',
        ]
      : ['<p>None on either side.</p>']),
  ])
}

function eventTable(result: CompareResult): string[] {
  const [ta, tb] = result.traces
  const rows = result.rows.map((row, i) => {
    const id = i === result.first_divergence ? ' id="first-divergence"' : ''
    return (
      `<tr class="${row.status}"${id}><td class="n">${i + 1}</td>` +
      `<td class="seq">${row.a ?? ''}</td>${eventCell('a', row, row.a === undefined ? undefined : ta.events[row.a])}` +
      `<td class="seq">${row.b ?? ''}</td>${eventCell('b', row, row.b === undefined ? undefined : tb.events[row.b])}</tr>`
    )
  })
  return ['<table class="trace">', '<thead><tr><th>Row</th><th>#</th><th>A</th><th>#</th><th>B</th></tr></thead>', '<tbody>', ...rows, '</tbody>', '</table>']
}

function eventCell(side: 'a' | 'b', row: AlignedRow, event: TraceEvent | undefined): string {
  if (!event) return `<td class="ev ${side}"></td>`
  const by = 'by' in event ? ` <span class="by">[${esc(event.by)}]</span>` : ''
  const diffs = row.diffs?.length ? `<ul class="diffs">${row.diffs.map((d) => diffItem(side, d)).join('')}</ul>` : ''
  return `<td class="ev ${side}">${valueHtml('', eventText(event))}${by}${diffs}</td>`
}

function diffItem(side: 'a' | 'b', d: FieldDiff): string {
  return `<li>${esc(d.path)} = <mark>${valueHtml(d.path, d[side] ?? '(absent)')}</mark></li>`
}

/**
 * Escaped text with every register image made hoverable: the whole value when `path` names a
 * register (`final.dr6`, a `dr7` row), else each `dr6=0x…`, `dr7=0x…`, `payload=0x…` inside it.
 */
function valueHtml(path: string, text: string): string {
  const whole = /^0x[0-9a-f]+/.exec(text)
  if (whole && decodeNamedValue(path, whole[0])) return hover(path, whole[0], text)
  let out = ''
  let last = 0
  for (const match of text.matchAll(/\b(dr6\w*|dr7\w*|payload|exit_qualification)([= ])(0x[0-9a-f]+)( \([^)]*\))?/g)) {
    const [all, name, sep, raw, decoded] = match
    if (!decodeNamedValue(name, raw)) continue
    out += esc(text.slice(last, match.index)) + esc(name + sep) + hover(name, raw, raw + (decoded ?? ''))
    last = match.index + all.length
  }
  return out + esc(text.slice(last))
}

function hover(name: string, raw: string, shown: string): string {
  const decoded = decodeNamedValue(name, raw)!
  const rows = decoded.table
    .map((r) => `<tr${r.active ? ' class="on"' : ''}><td>${esc(r.bits)}</td><td>${esc(r.name)}</td><td>${esc(r.value)}</td><td>${esc(r.meaning ? `${r.sdm}: ${r.meaning}` : r.sdm)}</td></tr>`)
    .join('')
  return `<span class="dec" tabindex="0" title="${esc(decoded.text)}">${esc(shown)}<span class="bits" role="tooltip"><table><tr><th>bits</th><th>field</th><th>value</th><th>SDM</th></tr>${rows}</table></span></span>`
}

const SPECIAL = /[&<>"']/

/** Escapes text for element content and attribute values (most text has nothing to escape). */
function esc(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`) : text
}
