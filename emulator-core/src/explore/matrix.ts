import { summarizeTrace } from '../compare'
import { InputErrors, type GuestDebugFlag, type RunMode, type Scenario, type SideSummary, type Trace, type Vendor } from '../types'
import type { RunFn } from './run-fn'
import { divergenceSignature } from './signature'

/** The axes a matrix can span (issue 5 §1). */
export type MatrixAxis = 'mode' | 'vendor' | 'payload' | 'guest_debug'
export const MATRIX_AXES: readonly MatrixAxis[] = ['mode', 'vendor', 'payload', 'guest_debug']

/** The guest_debug axis: which KVM_SET_GUEST_DEBUG control replaces the scenario's own. */
export type GuestDebugChoice = 'none' | 'USE_HW_BP' | 'SINGLESTEP' | 'both'
const GUEST_DEBUG_CONTROLS: Record<GuestDebugChoice, GuestDebugFlag[]> = {
  none: [],
  USE_HW_BP: ['ENABLE', 'USE_HW_BP'],
  SINGLESTEP: ['ENABLE', 'SINGLESTEP'],
  both: ['ENABLE', 'USE_HW_BP', 'SINGLESTEP'],
}

/** One coordinate of the matrix; an absent axis keeps the scenario's own setting (mode: fep). */
export interface MatrixPoint {
  mode: RunMode
  vendor?: Vendor
  payload?: boolean
  guest_debug?: GuestDebugChoice
}

/** Every build's run at one (scenario, point). */
export interface MatrixCell {
  scenario: string
  point: MatrixPoint
  /** Per build, in the order given: the run's summary, or the error that stopped it. */
  results: Array<{ build: string; summary?: SideSummary; error?: string }>
  /** Divergence signature key against the first build, per build (undefined: agrees). */
  against_first: Array<string | undefined>
  /** The group this cell belongs to (index into `groups`). */
  group: number
}

/** Cells whose builds diverge the same way. `signature` is `agree` when every build agrees. */
export interface MatrixGroup {
  signature: string
  count: number
}

export interface MatrixResult {
  schema: 'patchlab.matrix/1'
  builds: string[]
  axes: MatrixAxis[]
  cells: MatrixCell[]
  /** Ordered by first appearance; `agree` included when some cell agrees. */
  groups: MatrixGroup[]
}

export interface MatrixOptions {
  builds: string[]
  axes: readonly MatrixAxis[]
}

/** The cross product of the chosen axes, in a fixed order (mode, vendor, payload, guest_debug). */
export function matrixPoints(axes: readonly MatrixAxis[]): MatrixPoint[] {
  let points: MatrixPoint[] = [{ mode: 'fep' }]
  const spread = <K extends keyof MatrixPoint>(key: K, values: readonly NonNullable<MatrixPoint[K]>[]) => {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })))
  }
  if (axes.includes('mode')) spread('mode', ['fep', 'native'] as const)
  if (axes.includes('vendor')) spread('vendor', ['intel', 'amd'] as const)
  if (axes.includes('payload')) spread('payload', [false, true])
  if (axes.includes('guest_debug')) spread('guest_debug', ['none', 'USE_HW_BP', 'SINGLESTEP', 'both'] as const)
  return points
}

/** The scenario as run at `point`: the payload cap and guest_debug control replaced, debugreg kept. */
export function applyPoint(scenario: Scenario, point: MatrixPoint): Scenario {
  const kvm = { ...scenario.kvm }
  if (point.payload !== undefined) kvm.exception_payload = point.payload
  if (point.guest_debug !== undefined) {
    kvm.guest_debug = { control: [...GUEST_DEBUG_CONTROLS[point.guest_debug]], debugreg: scenario.kvm.guest_debug?.debugreg ?? {} }
  }
  return { ...scenario, kvm, expect: {} }
}

/**
 * Runs every scenario at every point on every build and groups the cells by how the builds
 * diverge from the first build. Pure: the CLI and the app call it with the engine's runner.
 */
export function runMatrix(run: RunFn, scenarios: readonly Scenario[], options: MatrixOptions): MatrixResult {
  if (options.builds.length < 2) throw new RangeError('a matrix needs at least two builds')
  const groups: MatrixGroup[] = []
  const groupIndex = new Map<string, number>()
  const cells: MatrixCell[] = []
  for (const scenario of scenarios) {
    for (const point of matrixPoints(options.axes)) {
      const variant = applyPoint(scenario, point)
      const traces = options.builds.map((build) => attempt(() => run(variant, { build, mode: point.mode, vendor: point.vendor })))
      const first = traces[0]
      const against_first = traces.map((t, i) => {
        if (i === 0) return undefined
        if ('trace' in first && 'trace' in t) return divergenceSignature(first.trace, t.trace)?.key
        return sameError(first, t) ? undefined : `error: ${errorOf(t) ?? errorOf(first)}`
      })
      const key = groupKey(options.builds, against_first)
      let group = groupIndex.get(key)
      if (group === undefined) {
        group = groups.push({ signature: key, count: 0 }) - 1
        groupIndex.set(key, group)
      }
      groups[group].count++
      cells.push({
        scenario: scenario.file ?? scenario.name,
        point,
        results: options.builds.map((build, i) => {
          const t = traces[i]
          return 'error' in t ? { build, error: t.error } : { build, summary: summarizeTrace(t.trace) }
        }),
        against_first,
        group,
      })
    }
  }
  return { schema: 'patchlab.matrix/1', builds: [...options.builds], axes: [...options.axes], cells, groups }
}

type Attempt = { trace: Trace } | { error: string }

/** A run the engine refuses (e.g. a setting a vendor lacks) becomes a cell error, not a crash. */
function attempt(runOnce: () => Trace): Attempt {
  try {
    return { trace: runOnce() }
  } catch (error) {
    if (error instanceof InputErrors) return { error: error.errors.map((e) => (e.key ? `${e.key}: ${e.message}` : e.message)).join('; ') }
    return { error: error instanceof Error ? error.message : String(error) }
  }
}

function errorOf(a: Attempt): string | undefined {
  return 'error' in a ? a.error : undefined
}

function sameError(a: Attempt, b: Attempt): boolean {
  return 'error' in a && 'error' in b && a.error === b.error
}

function groupKey(builds: readonly string[], against: ReadonlyArray<string | undefined>): string {
  const differing = against.map((sig, i) => (sig === undefined ? undefined : builds.length > 2 ? `${builds[i]}: ${sig}` : sig)).filter((s) => s !== undefined)
  return differing.length ? differing.join(' | ') : 'agree'
}
