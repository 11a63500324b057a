// The one IPC contract shared by main, preload, the HTTP bridge and the renderer.
// Types only (plus the channel list and the typed facade): no electron, no node:*, no zod.
import type { BuildInfo, CompareResult, FieldDiff, InputError, RunMode, Trace, Vendor } from '@patchlab/emulator-core/types'

import type { ReportFormat } from '@patchlab/emulator-core/report'

export type { ReportFormat }

/** The trailer a reviewer may add to an exported report. */
export type ReportTrailerKind = 'tested-by' | 'reviewed-by'

/** A scenario the library can show: a bundled example or a file the user opened. */
export interface ScenarioEntry {
  /** Stable key: `example:<file name>` or the absolute path of an opened file. */
  id: string
  name: string
  /** Absolute path on the machine that runs the handlers. */
  path: string
  origin: 'example' | 'file'
}

/** A build as the pickers list it: with the subject of the patch it adds, for the series' steps and v2 variants. */
export interface BuildListing extends BuildInfo {
  /** Subject of the build's own patch (the build id is that patch's id); absent for bases and `post`. */
  subject?: string
}

/** The scenario's KVM knobs the UI may override for one run (absent: the scenario's value). */
export interface KnobOverrides {
  force_emulation_prefix?: boolean
  fep_clear_rflags_rf?: boolean
  exception_payload?: boolean
}

/** One side of a comparison as the pickers describe it. */
export interface SideSpec {
  /** A build id from `builds:list`, or a custom stack such as `pre+v3-05`. */
  build: string
  mode: RunMode
}

export interface RunRequest {
  /** The id the renderer chose, used by `runs:cancel` and progress events. */
  runId: string
  /** Scenario YAML exactly as typed in the editor. */
  text: string
  /** File name used in error positions. */
  file: string
  sides: [SideSpec, SideSpec]
  vendor?: Vendor
  knobs?: KnobOverrides
  /** Overrides the scenario's instruction budget (limits.instructions). */
  instructionBudget?: number
}

/**
 * How a run relates to the native run of the same build (the architectural reference), by the engine's
 * divergence signature over the observable results: `agree`; `fields` when the same events happen but
 * fields outside the layout-free form differ (addresses, a stale KVM_EXIT_DEBUG dr7); `differs` otherwise.
 */
export interface NativeAgreement {
  verdict: 'agree' | 'fields' | 'differs'
  /** The divergence signature, e.g. `exits: exit DEBUG(...) → none`. */
  difference?: string
}

/** How the native reference (side A's build, run without FEP emulation) relates to the two sides. */
export interface ReferenceAgreement {
  build: string
  a: NativeAgreement
  b: NativeAgreement
}

export type RunResponse =
  | { ok: true; runId: string; compare: CompareResult; reference: ReferenceAgreement; elapsedMs: number }
  | { ok: false; runId: string; error: RunFailure }

/** Why a run produced no comparison. Input errors carry positions for editor squiggles. */
export type RunFailure =
  | { kind: 'input'; errors: InputError[] }
  | { kind: 'cancelled'; message: string }
  | { kind: 'crashed'; message: string }
  | { kind: 'engine'; message: string }

export interface MatrixRequest {
  runId: string
  text: string
  file: string
  builds: string[]
}

/** One matrix cell: a run compared to the native run of the same build, vendor and payload cap. */
export interface MatrixCell {
  build: string
  mode: RunMode
  vendor: Vendor
  payloadCap: boolean
  outcome: Trace['outcome'] | 'error'
  /** undefined for the native cells, which are the references themselves. */
  native?: NativeAgreement
  dr6: string[]
  error?: string
}

export type MatrixResponse =
  | { ok: true; runId: string; cells: MatrixCell[] }
  | { ok: false; runId: string; error: RunFailure }

/** "Which patch changed this?": the comparison's sides, walked patch by patch from A's build to B's. */
export interface BisectRequest {
  runId: string
  text: string
  file: string
  sides: [SideSpec, SideSpec]
  vendor?: Vendor
  knobs?: KnobOverrides
  instructionBudget?: number
}

/** One build of the walk (the trace stays in the worker; the UI shows the step and whether it changed). */
export interface BisectStepSummary {
  build: string
  /** The patch this step adds (absent for the first step). */
  patch?: string
  outcome: Trace['outcome']
  /** The divergence signature against the previous step, when this step changed the result. */
  change?: string
}

export interface BisectFirstChange {
  patch: string
  subject?: string
  commit?: string
  /** The builds just before and just after the patch. */
  before: string
  after: string
  signature: string
  /** Every observable value the patch changed (`exits[0].dr6`: before → after). */
  diffs: FieldDiff[]
}

export interface BisectSummary {
  from: string
  to: string
  mode: RunMode
  steps: BisectStepSummary[]
  firstChange?: BisectFirstChange
}

/** Why bisect cannot walk these two sides (unrelated stacks, different modes, the same build). */
export interface BisectNotApplicable {
  kind: 'not-applicable'
  message: string
}

export type BisectResponse =
  | { ok: true; runId: string; bisect: BisectSummary }
  | { ok: false; runId: string; error: RunFailure | BisectNotApplicable }

/** A fuzz campaign as `patchlab fuzz` runs it: one budget, count or time. */
export interface FuzzRequest {
  runId: string
  builds: [string, string]
  seed: number
  count?: number
  timeMs?: number
  mode?: RunMode
}

/** Live progress of a campaign (`explore:progress`). */
export interface FuzzProgressEvent {
  runId: string
  cases: number
  clusters: number
  casesPerSecond: number
  elapsedMs: number
  /** Present once the search is over: how many of the `clusters` are minimized so far. */
  minimized?: number
}

/** One cluster of divergences, its first case minimized and rendered as scenario YAML. */
export interface FuzzClusterSummary {
  signature: string
  count: number
  firstCase: number
  /** Guest instructions of the minimized case (without the final hlt). */
  instructions: number
  reference: 'a' | 'b' | 'both' | 'neither'
  name: string
  /** The minimized case as a complete scenario with its expect blocks. */
  yaml: string
}

export interface FuzzSummary {
  builds: [string, string]
  seed: number
  mode: RunMode
  cases: number
  rejected: number
  /** Stopped before its budget; the clusters found so far are still minimized. */
  interrupted: boolean
  searchMs: number
  elapsedMs: number
  clusters: FuzzClusterSummary[]
}

export type FuzzResponse = { ok: true; runId: string; report: FuzzSummary } | { ok: false; runId: string; error: RunFailure }

export interface ParseResponse {
  errors: InputError[]
}

/** The guest program as a flat binary (what `guest.binary` loads), or why it does not assemble. */
export type AssembleResponse = { ok: true; bytes: number[] } | { ok: false; errors: InputError[] }

export interface FileText {
  path: string
  name: string
  text: string
}

export interface FlatBinary {
  path: string
  name: string
  /** Guest bytes as plain numbers so the payload survives JSON and structured clone alike. */
  bytes: number[]
}

export interface AutosaveEntry {
  key: string
  text: string
  savedAt: string
}

/** Progress events from main to the renderer (`on`). */
export interface LabEvents {
  'runs:progress': { runId: string; label: string; state: 'started' | 'done' | 'failed' | 'cancelled' }
  'explore:progress': FuzzProgressEvent
}
export type EventName = keyof LabEvents

export interface LabChannels {
  'builds:list': (req: Record<string, never>) => BuildListing[]
  'scenarios:list': (req: Record<string, never>) => ScenarioEntry[]
  'scenarios:read': (req: { id: string }) => FileText
  'scenarios:check': (req: { text: string; file: string }) => ParseResponse
  'scenarios:assemble': (req: { text: string; file: string }) => AssembleResponse
  'runs:compare': (req: RunRequest) => RunResponse
  'runs:matrix': (req: MatrixRequest) => MatrixResponse
  'runs:cancel': (req: { runId: string }) => { cancelled: boolean }
  'explore:bisect': (req: BisectRequest) => BisectResponse
  'explore:fuzz': (req: FuzzRequest) => FuzzResponse
  /** Stops a campaign after the cases in progress; what was found is minimized and returned. */
  'explore:stop': (req: { runId: string }) => { stopped: boolean }
  /** `trailer`: the reviewer's opt-in Tested-by:/Reviewed-by: from git config (never by default). */
  'reports:render': (req: { runId: string; format: ReportFormat; trailer?: ReportTrailerKind }) => { fileName: string; text: string }
  'files:choose-open': (req: { kind: 'scenario' | 'binary' }) => { path: string | null }
  'files:choose-save': (req: { suggestedName: string }) => { path: string | null }
  'files:open-text': (req: { path: string }) => FileText
  'files:save-text': (req: { path: string; text: string }) => { path: string }
  'files:open-binary': (req: { path: string }) => FlatBinary
  'files:save-binary': (req: { path: string; bytes: number[] }) => { path: string }
  'files:recent': (req: Record<string, never>) => string[]
  'files:autosave': (req: { key: string; text: string }) => { savedAt: string }
  'files:autosaved': (req: { key: string }) => AutosaveEntry | null
  'files:discard-autosave': (req: { key: string }) => { discarded: boolean }
}

export type Channel = keyof LabChannels
export type Req<C extends Channel> = Parameters<LabChannels[C]>[0]
export type Res<C extends Channel> = ReturnType<LabChannels[C]>
export type Handlers = { [C in Channel]: (req: Req<C>) => Res<C> | Promise<Res<C>> }
export type Invoke = <C extends Channel>(channel: C, req: Req<C>) => Promise<Res<C>>
export type Listen = <E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void) => () => void

export const CHANNELS = [
  'builds:list',
  'scenarios:list',
  'scenarios:read',
  'scenarios:check',
  'scenarios:assemble',
  'runs:compare',
  'runs:matrix',
  'runs:cancel',
  'explore:bisect',
  'explore:fuzz',
  'explore:stop',
  'reports:render',
  'files:choose-open',
  'files:choose-save',
  'files:open-text',
  'files:save-text',
  'files:open-binary',
  'files:save-binary',
  'files:recent',
  'files:autosave',
  'files:autosaved',
  'files:discard-autosave',
] as const satisfies readonly Channel[]

export const EVENTS = ['runs:progress', 'explore:progress'] as const satisfies readonly EventName[]

export function isChannel(name: string): name is Channel {
  return (CHANNELS as readonly string[]).includes(name)
}

export function isEventName(name: string): name is EventName {
  return (EVENTS as readonly string[]).includes(name)
}

/** What the preload (or the browser bridge client) puts on `window.lab`. */
export interface LabBridge {
  /** `electron` when the real preload is present; `browser` over the HTTP bridge. */
  platform: 'electron' | 'browser'
  invoke: Invoke
  on: Listen
}

const none = {} as Record<string, never>

/** The typed facade the renderer calls; the transport is the only thing that differs. */
export function createLabApi(invoke: Invoke) {
  return {
    listBuilds: () => invoke('builds:list', none),
    listScenarios: () => invoke('scenarios:list', none),
    readScenario: (id: string) => invoke('scenarios:read', { id }),
    checkScenario: (text: string, file: string) => invoke('scenarios:check', { text, file }),
    assembleGuest: (text: string, file: string) => invoke('scenarios:assemble', { text, file }),
    compare: (req: RunRequest) => invoke('runs:compare', req),
    matrix: (req: MatrixRequest) => invoke('runs:matrix', req),
    cancel: (runId: string) => invoke('runs:cancel', { runId }),
    bisect: (req: BisectRequest) => invoke('explore:bisect', req),
    fuzz: (req: FuzzRequest) => invoke('explore:fuzz', req),
    stopFuzz: (runId: string) => invoke('explore:stop', { runId }),
    renderReport: (runId: string, format: ReportFormat, trailer?: ReportTrailerKind) => invoke('reports:render', trailer ? { runId, format, trailer } : { runId, format }),
    chooseOpen: (kind: 'scenario' | 'binary') => invoke('files:choose-open', { kind }),
    chooseSave: (suggestedName: string) => invoke('files:choose-save', { suggestedName }),
    openText: (path: string) => invoke('files:open-text', { path }),
    saveText: (path: string, text: string) => invoke('files:save-text', { path, text }),
    openBinary: (path: string) => invoke('files:open-binary', { path }),
    saveBinary: (path: string, bytes: number[]) => invoke('files:save-binary', { path, bytes }),
    recentFiles: () => invoke('files:recent', none),
    autosave: (key: string, text: string) => invoke('files:autosave', { key, text }),
    autosaved: (key: string) => invoke('files:autosaved', { key }),
    discardAutosave: (key: string) => invoke('files:discard-autosave', { key }),
  }
}
