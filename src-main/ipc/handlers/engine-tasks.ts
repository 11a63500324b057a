// What one engine worker does. Pure (no worker_threads) so it is testable in-process.
import { InputErrors, type RunMode, type Scenario, type Trace, type Vendor } from '../../../emulator-core/src/types'
import { applyPoint } from '../../../emulator-core/src/explore/matrix'
import type { FuzzProgress } from '../../../emulator-core/src/explore'
import type { KnobOverrides, MatrixCell, NativeAgreement, RunFailure, SideSpec } from '../contract'
import { bisectSides } from './bisect-task'
import type { Engine } from './engine'
import type { FuzzTask } from './fuzz-task'

interface ScenarioSource {
  text: string
  file: string
}

export type EngineTask =
  /** Parse (and assemble) only, for squiggles while the user types. */
  | (ScenarioSource & { task: 'check' })
  /** The guest program as flat-binary bytes. */
  | (ScenarioSource & { task: 'assemble' })
  | (ScenarioSource & {
      task: 'run'
      build: string
      mode: RunMode
      vendor?: Vendor
      knobs?: KnobOverrides
      instructionBudget?: number
    })
  | (ScenarioSource & { task: 'compare'; a: Trace; b: Trace })
  /** How a run relates to the native reference (run in parallel with the A/B comparison). */
  | (ScenarioSource & { task: 'agrees'; reference: Trace; run: Trace })
  | (ScenarioSource & { task: 'matrix-pair'; build: string; vendor: Vendor; payloadCap: boolean })
  /** Walks side A's build to side B's patch by patch (answers a BisectOutcome). */
  | (ScenarioSource & { task: 'bisect'; sides: [SideSpec, SideSpec]; vendor?: Vendor; knobs?: KnobOverrides; instructionBudget?: number })
  /** A fuzz campaign: answers progress messages, then a FuzzSummary; `fuzz-stop` ends it early. */
  | FuzzTask

/** Sent to a worker running a campaign: stop after the cases in progress. */
export interface StopCampaign {
  task: 'fuzz-stop'
}

/** What a worker posts back: the task's result, or (for a campaign) progress before it. */
export type EngineWorkerMessage = EngineTaskResult | { progress: FuzzProgress }

export type EngineTaskResult =
  | { ok: true; value: unknown }
  | { ok: false; error: RunFailure }

export function runEngineTask(engine: Engine, task: SyncEngineTask): EngineTaskResult {
  try {
    return { ok: true, value: execute(engine, task) }
  } catch (e) {
    return failed(e)
  }
}

/** An engine exception as the UI shows it: positioned input errors, or the message. */
export function failed(e: unknown): EngineTaskResult {
  if (e instanceof InputErrors) return { ok: false, error: { kind: 'input', errors: e.errors } }
  return { ok: false, error: { kind: 'engine', message: e instanceof Error ? e.message : String(e) } }
}

/** The tasks answered by one synchronous call (a campaign is handled by the worker loop). */
export type SyncEngineTask = Exclude<EngineTask, FuzzTask>

function execute(engine: Engine, task: SyncEngineTask): unknown {
  switch (task.task) {
    case 'check':
      engine.parseScenario(task.text, task.file)
      return []
    case 'assemble':
      return Array.from(engine.guestBytes(engine.parseScenario(task.text, task.file)))
    case 'run': {
      const tuned = withOverrides(engine.parseScenario(task.text, task.file), task.knobs, task.instructionBudget)
      return engine.runScenario(tuned, { build: task.build, mode: task.mode, vendor: task.vendor })
    }
    // Comparing needs only the scenario's identity (the traces carry its name): no second parse.
    case 'compare': {
      // The caller already holds both traces: send back only what the comparison added.
      const { traces: _traces, ...rest } = engine.compareTraces({ name: task.a.scenario, file: task.file, source: task.text }, task.a, task.b)
      return rest
    }
    case 'agrees':
      return nativeAgreement(engine, task.reference, task.run)
    case 'matrix-pair': {
      const scenario = engine.parseScenario(task.text, task.file)
      return matrixPair(engine, applyPoint(scenario, { mode: 'fep', vendor: task.vendor, payload: task.payloadCap }), task)
    }
    case 'bisect': {
      const tuned = withOverrides(engine.parseScenario(task.text, task.file), task.knobs, task.instructionBudget)
      return bisectSides(engine, tuned, task.sides, task.vendor)
    }
  }
}

/** The FEP run and its native reference for one (build, vendor, payload cap) matrix coordinate. */
function matrixPair(engine: Engine, scenario: Scenario, task: { build: string; vendor: Vendor; payloadCap: boolean }): MatrixCell[] {
  const native = engine.runScenario(scenario, { build: task.build, mode: 'native', vendor: task.vendor })
  const fep = engine.runScenario(scenario, { build: task.build, mode: 'fep', vendor: task.vendor })
  const cell = (trace: Trace, agreement?: NativeAgreement): MatrixCell => ({
    build: task.build,
    mode: trace.mode,
    vendor: task.vendor,
    payloadCap: task.payloadCap,
    outcome: trace.outcome,
    native: agreement,
    dr6: trace.guest_exceptions.map((g) => g.dr6),
  })
  return [cell(fep, nativeAgreement(engine, native, fep)), cell(native)]
}

function nativeAgreement(engine: Engine, reference: Trace, run: Trace): NativeAgreement {
  const signature = engine.divergenceSignature(reference, run)
  if (!signature) return { verdict: 'agree' }
  return { verdict: signature.parts.every((p) => p.kind === 'fields') ? 'fields' : 'differs', difference: signature.key }
}

function withOverrides(scenario: Scenario, knobs: KnobOverrides = {}, instructionBudget?: number): Scenario {
  const defined = Object.fromEntries(Object.entries(knobs).filter(([, v]) => v !== undefined))
  return {
    ...scenario,
    kvm: { ...scenario.kvm, ...defined },
    limits: instructionBudget === undefined ? scenario.limits : { ...scenario.limits, instructions: instructionBudget },
  }
}
