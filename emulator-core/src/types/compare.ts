import type { Hex } from './hex'
import type { RunIdentity, Trace, TraceEvent } from './trace'

/** One field that differs between the two sides of an aligned row (or of a summary list). */
export interface FieldDiff {
  /** Dotted path, e.g. `dr6_after`, `exits[0].pc`. */
  path: string
  a?: string
  b?: string
}

/**
 * One row of the side-by-side view. `a`/`b` index into each trace's `events`; a missing index is a gap.
 * `same`: both present and equal; `changed`: both present, fields differ; `only-a`/`only-b`: a gap.
 */
export interface AlignedRow {
  a?: number
  b?: number
  status: 'same' | 'changed' | 'only-a' | 'only-b'
  diffs?: FieldDiff[]
}

/**
 * The per-side summary line. The two DR6 lists are never mixed: one is what the guest's #DB handler
 * read (mov %dr6), the other what userspace got from KVM_GET_DEBUGREGS.
 */
export interface SideSummary {
  /** DR6 as the guest's handler read it, one per guest exception. */
  guest_dr6: Hex[]
  /** DR6 as KVM_GET_DEBUGREGS returned it to the VMM, one per get_debugregs action. */
  vmm_dr6: Hex[]
  exits: string[]
  outcome: string
}

/** The comparison's verdict; `text` is the exact wording every view and report shows. */
export interface CompareVerdict {
  kind: 'same' | 'same-results' | 'diverges' | 'inconclusive'
  text: 'same' | 'same results, internal KVM steps differ' | 'diverges' | `inconclusive: budget reached on ${string}`
  /** For `inconclusive`: the sides that stopped at a budget. */
  budget?: Array<'A' | 'B'>
}

/** The JSON document `patchlab compare --format json` prints (and the app's comparison state). */
export interface CompareResult {
  schema: 'patchlab.compare/1'
  scenario: { name: string; file?: string; source?: string }
  sides: [RunIdentity, RunIdentity]
  /**
   * No observable difference: `result_diffs` is empty (guest exceptions, exits, VM-exits, VMM results,
   * final state, outcome). KVM-internal steps may still differ; see `events_equal`.
   */
  equal: boolean
  /** Every aligned event row is `same` (no `first_divergence`). */
  events_equal: boolean
  verdict: CompareVerdict
  rows: AlignedRow[]
  /** Index into `rows` of the first row that is not `same`, if any. */
  first_divergence?: number
  /** Differences in the result lists (guest_exceptions, exits, vmexits, vmm, final, outcome). */
  result_diffs: FieldDiff[]
  summary: [SideSummary, SideSummary]
  traces: [Trace, Trace]
}

export type { TraceEvent }
