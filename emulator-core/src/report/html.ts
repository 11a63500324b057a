/**
 * The self-contained HTML report: one file, inline CSS, no scripts, no external assets, so it opens
 * offline and can be attached to a bug. Adds the full side-by-side aligned event table to the text
 * report's content; divergent cells are highlighted and the first divergence is `#first-divergence`.
 */
import type { AlignedRow, CompareResult, FieldDiff, TraceEvent } from '../types'
import { eventText } from './event-text'
import { TESTED_BY_PLACEHOLDER, reportModel, type ReportModel } from './model'

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; } h3 { font-size: 1em; }
code, pre, td.ev, td.v { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #d0d0d0; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.verdict { font-weight: 600; padding: 0.4em 0.8em; display: inline-block; border-radius: 4px; }
.verdict.same { background: #dff3e0; } .verdict.diverge { background: #fde2e1; }
tr.changed td.ev, tr.differs td.v { background: #fff3c4; }
tr.only-a td.ev.a, tr.only-b td.ev.b { background: #fde2e1; }
tr.only-a td.ev.b, tr.only-b td.ev.a { background: repeating-linear-gradient(45deg, #fafafa, #fafafa 4px, #eee 4px, #eee 8px); }
#first-divergence td { outline: 2px solid #c62828; }
ul.diffs { margin: 2px 0 0; padding-left: 1.2em; } mark { background: #ffd54f; }
td.n, td.seq { color: #777; text-align: right; }
.by { color: #666; }
pre.source { background: #f7f7f7; padding: 0.8em; overflow-x: auto; }
`

export function renderHtml(result: CompareResult): string {
  const m = reportModel(result)
  const [a, b] = m.sides
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
    '<table class="sides">',
    ...(m.file ? [`<tr><th>Scenario</th><td colspan="4"><code>${esc(m.file)}</code></td></tr>`] : []),
    '<tr><th></th><th>Side</th><th>Build and patch stack</th><th>Mode</th><th>Vendor</th></tr>',
    ...m.sides.map((s, i) => `<tr><th>${i ? 'B' : 'A'}</th><td><code>${esc(s.name)}</code></td><td><code>${esc(s.build)}</code>: ${esc(s.stack)}</td><td>${esc(s.mode)}</td><td>${esc(s.vendor)}</td></tr>`),
    '</table>',
    `<p class="verdict ${m.equal ? 'same' : 'diverge'}">${esc(m.verdict)}</p>`,
    `<p>Event rows: ${c.total} (${c.same} same, ${c.changed} changed, ${c.onlyA} only in ${esc(a.name)}, ${c.onlyB} only in ${esc(b.name)}); ${m.differences.length} result differences.` +
      `${m.firstDivergence ? ' <a href="#first-divergence">Jump to the first divergence</a>.' : ''}</p>`,
    `<h2>Changes in ${esc(b.name)} (compared to ${esc(a.name)})</h2>`,
    ...changes(m),
    '<h2>Before/after</h2>',
    ...observables(m),
    '<h2>Aligned events</h2>',
    ...eventTable(result, m),
    ...(m.source !== undefined ? [`<h2>Scenario${m.file ? ` (<code>${esc(m.file)}</code>)` : ''}</h2>`, `<pre class="source"><code>${esc(m.source)}</code></pre>`] : []),
    '<h2>Tested-by</h2>',
    '<p>Suggested trailer (replace the placeholder with your own name and address):</p>',
    `<pre>${esc(TESTED_BY_PLACEHOLDER)}</pre>`,
    '</body>',
    '</html>',
  ]
  return `${parts.join('\n')}\n`
}

function changes(m: ReportModel): string[] {
  if (m.differences.length === 0) {
    return [`<p>${esc(m.noChanges)}</p>`]
  }
  return [
    '<table class="changes">',
    `<tr><th>Field</th><th>${esc(m.sides[0].name)}</th><th>${esc(m.sides[1].name)}</th></tr>`,
    ...m.differences.map((d) => `<tr class="differs"><td><code>${esc(d.path)}</code></td><td class="v">${esc(d.a ?? '(none)')}</td><td class="v">${esc(d.b ?? '(none)')}</td></tr>`),
    '</table>',
  ]
}

function observables(m: ReportModel): string[] {
  return m.observables.flatMap((section) => [
    `<h3>${esc(section.title)}</h3>`,
    '<table class="observables">',
    `<tr><th></th><th>${esc(m.sides[0].name)}</th><th>${esc(m.sides[1].name)}</th></tr>`,
    ...section.rows.map((r) => `<tr${r.differs ? ' class="differs"' : ''}><th>${esc(r.label)}</th><td class="v">${esc(r.a ?? '')}</td><td class="v">${esc(r.b ?? '')}</td></tr>`),
    '</table>',
  ])
}

function eventTable(result: CompareResult, m: ReportModel): string[] {
  const [ta, tb] = result.traces
  const rows = result.rows.map((row, i) => {
    const id = i === result.first_divergence ? ' id="first-divergence"' : ''
    return (
      `<tr class="${row.status}"${id}><td class="n">${i + 1}</td>` +
      `<td class="seq">${row.a ?? ''}</td>${eventCell('a', row, row.a === undefined ? undefined : ta.events[row.a])}` +
      `<td class="seq">${row.b ?? ''}</td>${eventCell('b', row, row.b === undefined ? undefined : tb.events[row.b])}</tr>`
    )
  })
  return [
    '<table class="trace">',
    `<thead><tr><th>Row</th><th>#</th><th>${esc(m.sides[0].name)}</th><th>#</th><th>${esc(m.sides[1].name)}</th></tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
  ]
}

function eventCell(side: 'a' | 'b', row: AlignedRow, event: TraceEvent | undefined): string {
  if (!event) return `<td class="ev ${side}"></td>`
  const by = 'by' in event ? ` <span class="by">[${esc(event.by)}]</span>` : ''
  const diffs = row.diffs?.length ? `<ul class="diffs">${row.diffs.map((d) => diffItem(side, d)).join('')}</ul>` : ''
  return `<td class="ev ${side}">${esc(eventText(event))}${by}${diffs}</td>`
}

function diffItem(side: 'a' | 'b', d: FieldDiff): string {
  return `<li>${esc(d.path)} = <mark>${esc(d[side] ?? '(absent)')}</mark></li>`
}

const SPECIAL = /[&<>"']/

/** Escapes text for element content and attribute values (most text has nothing to escape). */
function esc(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`) : text
}
