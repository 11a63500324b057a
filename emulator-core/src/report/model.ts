import { alignResultList, type ResultListName } from '../compare'
import type { CompareResult, FieldDiff, RunIdentity, Trace, VmmRecord } from '../types'
import { eventText } from './event-text'

/** How a side is named throughout a report, e.g. `post/fep`, and what it is built from. */
export interface SideLabel {
  name: string
  build: string
  /** The patch stack in words: `v3-01 v3-02`, or `no patches`. */
  stack: string
  mode: string
  vendor: string
}

/** One line of the before/after table. `differs` marks lines whose two sides are not the same. */
export interface ObservableRow {
  label: string
  a?: string
  b?: string
  differs: boolean
}

export interface ObservableSection {
  title: string
  rows: ObservableRow[]
  /** Entries left out to keep a mail short: how many, and how many of those differ. */
  omitted?: { count: number; differing: number }
}

/** The first event row that is not `same`, with both sides' events and the fields that differ. */
export interface DivergenceView {
  /** 1-based row number, as a reader counts. */
  row: number
  a?: string
  b?: string
  aBy?: string
  bBy?: string
  /** For a gap, the event the missing side does next (what it does instead). */
  aNext?: string
  bNext?: string
  diffs: FieldDiff[]
}

/**
 * What every report format says, computed once from a CompareResult so text, Markdown and HTML
 * cannot drift apart; each renderer only lays it out.
 */
export interface ReportModel {
  title: string
  file?: string
  sides: [SideLabel, SideLabel]
  equal: boolean
  eventsEqual: boolean
  /** One sentence: same, same but with different KVM-internal steps, or diverges. */
  verdict: string
  /** What the changes section says when no result differs. */
  noChanges: string
  /** What the first-divergence section says when every event row matches. */
  noDivergence: string
  rowCounts: { total: number; same: number; changed: number; onlyA: number; onlyB: number }
  differences: FieldDiff[]
  firstDivergence?: DivergenceView
  observables: ObservableSection[]
  source?: string
}

export const TESTED_BY_PLACEHOLDER = 'Tested-by: Your Name <you@example.com>'

const LIST_TITLES: Record<ResultListName, string> = {
  guest_exceptions: 'Guest exceptions (vector, RIP, DR6 as the handler read them)',
  exits: 'KVM_RUN exits to userspace',
  vmexits: 'Nested VM-exits to L1',
  vmm: 'VMM get_* results',
}

const FINAL_REGISTERS = ['rip', 'rflags', 'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'] as const

/**
 * `maxRowsPerSection` keeps the before/after table of a long run mail-sized (text and Markdown); the
 * HTML report shows everything.
 */
export function reportModel(result: CompareResult, maxRowsPerSection = Infinity): ReportModel {
  const [ta, tb] = result.traces
  const counts = { total: result.rows.length, same: 0, changed: 0, onlyA: 0, onlyB: 0 }
  for (const row of result.rows) {
    if (row.status === 'same') counts.same++
    else if (row.status === 'changed') counts.changed++
    else if (row.status === 'only-a') counts.onlyA++
    else counts.onlyB++
  }
  const model: ReportModel = {
    title: result.scenario.name,
    sides: sideLabels(result.sides),
    equal: result.equal,
    eventsEqual: result.events_equal,
    ...phrases(result),
    rowCounts: counts,
    differences: result.result_diffs,
    observables: [
      ...(['guest_exceptions', 'exits', 'vmexits', 'vmm'] as const).map((name) => capped(listSection(name, ta, tb), maxRowsPerSection)),
      finalSection(ta, tb),
    ],
  }
  if (result.scenario.file !== undefined) model.file = result.scenario.file
  if (result.scenario.source !== undefined) model.source = result.scenario.source
  if (result.first_divergence !== undefined) model.firstDivergence = divergenceView(result, result.first_divergence)
  return model
}

const OBSERVABLES = 'guest exceptions, exits, VM-exits, VMM results, final state and outcome'

function phrases(result: CompareResult): Pick<ReportModel, 'verdict' | 'noChanges' | 'noDivergence'> {
  const [a, b] = sideLabels(result.sides).map((s) => s.name)
  const internal = result.events_equal ? '' : " KVM's internal steps differ; see the first divergence."
  let verdict = `${b} diverges from ${a}.`
  if (result.equal) verdict = result.events_equal ? `${b} behaves the same as ${a}.` : `${b} behaves the same as ${a} (same ${OBSERVABLES}), but KVM's internal steps differ.`
  return {
    verdict,
    noChanges: `No differences in ${OBSERVABLES.replace(' and ', ' or ')}.${internal}`,
    noDivergence: result.equal ? 'None: every event row matches.' : 'None: every event row matches; only the results above differ.',
  }
}

function sideLabels(sides: [RunIdentity, RunIdentity]): [SideLabel, SideLabel] {
  let names = sides.map((s) => `${s.build}/${s.mode}`)
  if (names[0] === names[1] && sides[0].vendor !== sides[1].vendor) names = sides.map((s) => `${s.build}/${s.mode}/${s.vendor}`)
  if (names[0] === names[1]) names = names.map((n, i) => `${n} (${i ? 'B' : 'A'})`)
  return [0, 1].map((i) => ({
    name: names[i],
    build: sides[i].build,
    stack: sides[i].stack.length ? sides[i].stack.join(' ') : 'no patches',
    mode: sides[i].mode,
    vendor: sides[i].vendor,
  })) as [SideLabel, SideLabel]
}

function listSection(name: ResultListName, a: Trace, b: Trace): ObservableSection {
  const entries = alignResultList(name, a, b)
  const rows: ObservableRow[] = entries.map((e, i) => {
    const compact = name === 'vmm' && e.a !== undefined && e.b !== undefined && e.diffs.length > 0
    return {
      label: `${i + 1}`,
      a: compact ? changedVmmText(a.vmm[e.a!], e.diffs, 'a') : (e.aText ?? '-'),
      b: compact ? changedVmmText(b.vmm[e.b!], e.diffs, 'b') : (e.bText ?? '-'),
      differs: e.a === undefined || e.b === undefined || e.diffs.length > 0,
    }
  })
  return { title: LIST_TITLES[name], rows: rows.length ? rows : [{ label: '', a: '(none)', b: '(none)', differs: false }] }
}

/**
 * A get_* result that differs, cut to the fields that differ (a get_regs dump is 18 registers; the
 * reader needs the two that changed). The differences section and the HTML report keep all fields.
 */
function changedVmmText(record: VmmRecord, diffs: FieldDiff[], side: 'a' | 'b'): string {
  const fields = diffs.map((d) => `${d.path.replace(/^result\./, '')}=${d[side] ?? '(absent)'}`)
  const same = Object.keys(record.result).length - diffs.filter((d) => d[side] !== undefined).length
  return `${record.action} ${fields.join(' ')}${same > 0 ? ` (+${same} same)` : ''}`
}

/** The line that stands for entries a mail-sized table left out. */
export function omittedText(omitted: { count: number; differing: number }): string {
  return `(${omitted.count} more entries, ${omitted.differing} of them differing; the HTML and JSON reports list all)`
}

function capped(section: ObservableSection, max: number): ObservableSection {
  if (section.rows.length <= max) return section
  const rest = section.rows.slice(max)
  return { ...section, rows: section.rows.slice(0, max), omitted: { count: rest.length, differing: rest.filter((r) => r.differs).length } }
}

function finalSection(a: Trace, b: Trace): ObservableSection {
  const rows: ObservableRow[] = FINAL_REGISTERS.map((reg) => ({
    label: reg,
    a: a.final[reg],
    b: b.final[reg],
    differs: a.final[reg] !== b.final[reg],
  }))
  const outcome = (t: Trace) => (t.outcome_detail ? `${t.outcome}: ${t.outcome_detail}` : t.outcome)
  rows.push({ label: 'outcome', a: outcome(a), b: outcome(b), differs: a.outcome !== b.outcome })
  return { title: 'Final state and outcome', rows }
}

function divergenceView(result: CompareResult, index: number): DivergenceView {
  const row = result.rows[index]
  const [ta, tb] = result.traces
  const view: DivergenceView = { row: index + 1, diffs: row.diffs ?? [] }
  if (row.a !== undefined) {
    const e = ta.events[row.a]
    view.a = eventText(e)
    if ('by' in e) view.aBy = e.by
  }
  if (row.b !== undefined) {
    const e = tb.events[row.b]
    view.b = eventText(e)
    if ('by' in e) view.bBy = e.by
  }
  const next = result.rows.slice(index + 1)
  const aNext = row.a === undefined ? next.find((r) => r.a !== undefined)?.a : undefined
  const bNext = row.b === undefined ? next.find((r) => r.b !== undefined)?.b : undefined
  if (aNext !== undefined) view.aNext = eventText(ta.events[aNext])
  if (bNext !== undefined) view.bNext = eventText(tb.events[bNext])
  return view
}
