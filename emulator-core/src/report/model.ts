import { seriesPatch, patchReferences } from '../builds'
import { alignResultList, type ResultListName } from '../compare'
import { dr6Delta } from '../decode'
import type { CompareResult, CompareVerdict, ExpectVerdict, FieldDiff, Hex, ReportOptions, RunIdentity, Trace, VmmRecord } from '../types'
import { PATCHLAB_VERSION } from '../version'
import { decodeInline, decodedValue, exitLine, guestExceptionLine, vmExitLine, vmmLine } from './decoded-records'
import { eventText } from './event-text'

/** One patch of a side's stack: `v3-05 KVM: x86: Honor …` and where to find it (commit, lore Link). */
export interface PatchLine {
  id: string
  subject: string
  refs: string[]
}

/** How a side is named throughout a report, e.g. `post/fep`, and what it is built from. */
export interface SideLabel {
  /** `A` or `B`: the before/after table's column names. */
  letter: 'A' | 'B'
  name: string
  build: string
  /** The patch stack in words: `v3-01 v3-02`, or `no patches`. */
  stack: string
  patches: PatchLine[]
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

/** A differing field with both values decoded and, for DR6, the bit delta (`+BD -B0`). */
export interface DecodedDiff extends FieldDiff {
  delta?: string
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
  diffs: DecodedDiff[]
}

/**
 * What every report format says, computed once from a CompareResult so text, Markdown and HTML
 * cannot drift apart; each renderer only lays it out.
 */
export interface ReportModel {
  title: string
  file?: string
  sides: [SideLabel, SideLabel]
  verdict: CompareVerdict
  /** One sentence that says the verdict with the sides' names. */
  verdictSentence: string
  expectations: ExpectVerdict[]
  /** What the changes section says when no result differs. */
  noChanges: string
  /** What the first-divergence section says when every event row matches. */
  noDivergence: string
  rowCounts: { total: number; same: number; changed: number; onlyA: number; onlyB: number }
  differences: DecodedDiff[]
  firstDivergence?: DivergenceView
  observables: ObservableSection[]
  source?: string
  /** The command that reproduces the comparison from the embedded scenario. */
  reproduce: string
  /** That this is a model result, with PatchLab's version. */
  statement: string
  /** `Tested-by: Name <address>` when the reviewer asked for one; never by default. */
  trailer?: string
}

const LIST_TITLES: Record<ResultListName, string> = {
  guest_exceptions: 'Guest exceptions (vector, RIP, DR6 as the handler read it)',
  exits: 'KVM_RUN exits to userspace',
  vmexits: 'Nested VM-exits to L1',
  vmm: 'VMM get_* results (DR6 as KVM_GET_DEBUGREGS returned it)',
}

const FINAL_REGISTERS = ['rip', 'rflags', 'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'] as const

const TRAILER_NAMES = { 'tested-by': 'Tested-by', 'reviewed-by': 'Reviewed-by' } as const

/**
 * `maxRowsPerSection` keeps the before/after table of a long run mail-sized (text and Markdown); the
 * HTML report shows everything.
 */
export function reportModel(result: CompareResult, options: ReportOptions = {}, maxRowsPerSection = Infinity): ReportModel {
  const [ta, tb] = result.traces
  const counts = { total: result.rows.length, same: 0, changed: 0, onlyA: 0, onlyB: 0 }
  for (const row of result.rows) {
    if (row.status === 'same') counts.same++
    else if (row.status === 'changed') counts.changed++
    else if (row.status === 'only-a') counts.onlyA++
    else counts.onlyB++
  }
  const sides = sideLabels(result.sides)
  const version = options.version ?? PATCHLAB_VERSION
  const model: ReportModel = {
    title: result.scenario.name,
    sides,
    verdict: result.verdict,
    expectations: result.expectations ?? [],
    ...phrases(result, sides),
    rowCounts: counts,
    differences: result.result_diffs.map((d) => decodeDiff(d, result.traces)),
    observables: [
      ...(['guest_exceptions', 'exits', 'vmexits', 'vmm'] as const).map((name) => capped(listSection(name, ta, tb), maxRowsPerSection)),
      finalSection(ta, tb),
    ],
    reproduce: reproduceCommand(result),
    statement:
      `These results come from PatchLab ${version}, an executable model of the KVM builds named above ` +
      '(kernel functions re-implemented in TypeScript), not from a kernel run on hardware.',
  }
  if (options.trailer) model.trailer = `${TRAILER_NAMES[options.trailer.kind]}: ${options.trailer.ident}`
  if (result.scenario.file !== undefined) model.file = result.scenario.file
  if (result.scenario.source !== undefined) model.source = result.scenario.source
  if (result.first_divergence !== undefined) model.firstDivergence = divergenceView(result, result.first_divergence)
  return model
}

function phrases(result: CompareResult, sides: [SideLabel, SideLabel]): Pick<ReportModel, 'verdictSentence' | 'noChanges' | 'noDivergence'> {
  const [a, b] = sides.map((s) => s.name)
  const sentences: Record<CompareVerdict['kind'], string> = {
    diverges: `${b} diverges from ${a}: guest-visible or userspace-visible results differ.`,
    'same-results': `${b} and ${a} give the same results, but KVM's internal steps differ (see the first divergence).`,
    same: `${b} behaves the same as ${a}: every result and every event row match.`,
    inconclusive: `${(result.verdict.budget ?? []).map((s) => sides[s === 'A' ? 0 : 1].name).join(' and ')} stopped at a budget, so the comparison covers only what ran.`,
  }
  return {
    verdictSentence: sentences[result.verdict.kind],
    noChanges: 'No differences in guest exceptions, exits, VM-exits, VMM results, final state or outcome.',
    noDivergence: result.equal ? 'None: every event row matches.' : 'None: every event row matches; only the results above differ.',
  }
}

function sideLabels(sides: [RunIdentity, RunIdentity]): [SideLabel, SideLabel] {
  let names = sides.map((s) => `${s.build}/${s.mode}`)
  if (names[0] === names[1] && sides[0].vendor !== sides[1].vendor) names = sides.map((s) => `${s.build}/${s.mode}/${s.vendor}`)
  if (names[0] === names[1]) names = names.map((n, i) => `${n} (${i ? 'B' : 'A'})`)
  return [0, 1].map((i) => ({
    letter: i ? 'B' : 'A',
    name: names[i],
    build: sides[i].build,
    stack: sides[i].stack.length ? sides[i].stack.join(' ') : 'no patches',
    patches: sides[i].stack.map(patchLine),
    mode: sides[i].mode,
    vendor: sides[i].vendor,
  })) as [SideLabel, SideLabel]
}

function patchLine(id: string): PatchLine {
  const patch = seriesPatch(id)
  return patch ? { id, subject: patch.subject, refs: patchReferences(patch) } : { id, subject: '(not in the series table)', refs: [] }
}

function reproduceCommand(result: CompareResult): string {
  const [a, b] = result.sides
  const modes = a.mode === b.mode ? a.mode : `${a.mode},${b.mode}`
  return `patchlab compare ${result.scenario.file ?? 'SCENARIO.yaml'} --builds ${a.build},${b.build} --modes ${modes} --vendor ${a.vendor}`
}

/** Whole-record paths of diffResults (`exits[0]`: an entry one side lacks), for their decoded line. */
const WHOLE_RECORD = /^(guest_exceptions|exits|vmexits|vmm)\[(\d+)\]$/

function decodeDiff(d: FieldDiff, traces?: readonly [Trace, Trace]): DecodedDiff {
  const out: DecodedDiff = { path: d.path }
  const whole = traces && WHOLE_RECORD.exec(d.path)
  const side = (value: string | undefined, trace: Trace | undefined) =>
    whole && trace && value !== undefined ? recordLine(whole[1] as ResultListName, trace, Number(whole[2])) : decodedValue(d.path, value)
  const a = side(d.a, traces?.[0]), b = side(d.b, traces?.[1])
  if (a !== undefined) out.a = a
  if (b !== undefined) out.b = b
  const leaf = d.path.split('.').pop()!
  if (/^dr6(_|$)/.test(leaf) && d.a?.startsWith('0x') && d.b?.startsWith('0x')) out.delta = dr6Delta(d.a as Hex, d.b as Hex).join(' ')
  return out
}

function recordLine(name: ResultListName, trace: Trace, index: number): string {
  switch (name) {
    case 'guest_exceptions':
      return guestExceptionLine(trace.guest_exceptions[index])
    case 'exits':
      return exitLine(trace.exits[index])
    case 'vmexits':
      return vmExitLine(trace.vmexits[index], trace.vendor)
    case 'vmm':
      return vmmLine(trace.vmm[index])
  }
}

function listSection(name: ResultListName, a: Trace, b: Trace): ObservableSection {
  const entries = alignResultList(name, a, b)
  const rows: ObservableRow[] = entries.map((e, i) => {
    const compact = name === 'vmm' && e.a !== undefined && e.b !== undefined && e.diffs.length > 0
    return {
      label: `${i + 1}`,
      a: e.a === undefined ? '-' : compact ? changedVmmText(a.vmm[e.a], e.diffs, 'a') : recordLine(name, a, e.a),
      b: e.b === undefined ? '-' : compact ? changedVmmText(b.vmm[e.b], e.diffs, 'b') : recordLine(name, b, e.b),
      differs: e.a === undefined || e.b === undefined || e.diffs.length > 0,
    }
  })
  return { title: LIST_TITLES[name], rows }
}

/**
 * A get_* result that differs, cut to the fields that differ (a get_regs dump is 18 registers; the
 * reader needs the two that changed). The differences section and the HTML report keep all fields.
 */
function changedVmmText(record: VmmRecord, diffs: FieldDiff[], side: 'a' | 'b'): string {
  const changed = new Set(diffs.map((d) => d.path.replace(/^result\./, '')))
  const present = diffs.filter((d) => d[side] !== undefined).length
  const same = Object.keys(record.result).length - present
  return `${vmmLine(record, changed)}${same > 0 ? ` (+${same} same)` : ''}`
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
    a: decodedValue(reg, a.final[reg]),
    b: decodedValue(reg, b.final[reg]),
    differs: a.final[reg] !== b.final[reg],
  }))
  const outcome = (t: Trace) => (t.outcome_detail ? `${t.outcome}: ${t.outcome_detail}` : t.outcome)
  rows.push({ label: 'outcome', a: outcome(a), b: outcome(b), differs: a.outcome !== b.outcome })
  return { title: 'Final state and outcome', rows }
}

function divergenceView(result: CompareResult, index: number): DivergenceView {
  const row = result.rows[index]
  const [ta, tb] = result.traces
  const view: DivergenceView = { row: index + 1, diffs: (row.diffs ?? []).map((d) => decodeDiff(d)) }
  if (row.a !== undefined) {
    const e = ta.events[row.a]
    view.a = decodeInline(eventText(e))
    if ('by' in e) view.aBy = e.by
  }
  if (row.b !== undefined) {
    const e = tb.events[row.b]
    view.b = decodeInline(eventText(e))
    if ('by' in e) view.bBy = e.by
  }
  const next = result.rows.slice(index + 1)
  const aNext = row.a === undefined ? next.find((r) => r.a !== undefined)?.a : undefined
  const bNext = row.b === undefined ? next.find((r) => r.b !== undefined)?.b : undefined
  if (aNext !== undefined) view.aNext = decodeInline(eventText(ta.events[aNext]))
  if (bNext !== undefined) view.bNext = decodeInline(eventText(tb.events[bNext]))
  return view
}

/** The kernel function of the first divergence (what a reply quotes the hunk of), if the event names one. */
export function divergingFunction(m: ReportModel): string | undefined {
  return m.firstDivergence?.bBy ?? m.firstDivergence?.aBy
}
