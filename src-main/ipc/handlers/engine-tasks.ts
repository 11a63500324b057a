// What one engine worker does. Pure (no worker_threads) so it is testable in-process.
import { InputErrors, type RunMode, type Scenario, type Trace, type Vendor } from '@patchlab/emulator-core/types'
import { applyPoint } from '@patchlab/emulator-core/explore'
import type { Cluster, FuzzOptions } from '@patchlab/emulator-core/explore'
import type { FuzzClusterSummary, KnobOverrides, MatrixCell, NativeAgreement, RunFailure, SideSpec } from '../contract'
import { bisectSides } from './bisect-task'
import type { Engine } from './engine'
import type { AccessPolicy } from './file-access'

interface ScenarioSource {
  text: string
  file: string
  /** Where `guest.binary` may be read from; attached by EngineWorkers in the app and browser mode. */
  access?: AccessPolicy
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
  /** One block of a fuzz campaign (answers a ChunkResult). */
  | { task: 'fuzz-chunk'; options: FuzzOptions; start: number; end: number }
  /** Minimizes one cluster and renders its case as scenario YAML (answers a FuzzClusterSummary). */
  | { task: 'fuzz-finish'; options: FuzzOptions; cluster: Cluster; name: string }

export type EngineTaskResult =
  | { ok: true; value: unknown }
  | { ok: false; error: RunFailure }

export function runEngineTask(engine: Engine, task: EngineTask): EngineTaskResult {
  try {
    return { ok: true, value: execute(engine, task) }
  } catch (e) {
    if (e instanceof InputErrors) return { ok: false, error: { kind: 'input', errors: e.errors } }
    return { ok: false, error: { kind: 'engine', message: e instanceof Error ? e.message : String(e) } }
  }
}

function execute(engine: Engine, task: EngineTask): unknown {
  switch (task.task) {
    case 'check':
      engine.parseScenario(task.text, task.file, task.access)
      return []
    case 'assemble':
      return Array.from(engine.guestBytes(engine.parseScenario(task.text, task.file, task.access)))
    case 'run': {
      const tuned = withOverrides(engine.parseScenario(task.text, task.file, task.access), task.knobs, task.instructionBudget)
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
      const scenario = engine.parseScenario(task.text, task.file, task.access)
      return matrixPair(engine, applyPoint(scenario, { mode: 'fep', vendor: task.vendor, payload: task.payloadCap }), task)
    }
    case 'bisect': {
      const tuned = withOverrides(engine.parseScenario(task.text, task.file, task.access), task.knobs, task.instructionBudget)
      return bisectSides(engine, tuned, task.sides, task.vendor)
    }
    case 'fuzz-chunk':
      return engine.fuzzChunk(task.options, task.start, task.end)
    case 'fuzz-finish':
      return clusterSummary(engine, engine.finishCluster(task.options, task.cluster), task.name)
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

/** What the Explore panel lists for a cluster; the case travels as YAML, ready for the editor. */
function clusterSummary(engine: Engine, cluster: ReturnType<Engine['finishCluster']>, name: string): FuzzClusterSummary {
  return {
    signature: cluster.signature,
    count: cluster.count,
    firstCase: cluster.first_case,
    instructions: cluster.instructions,
    reference: cluster.reference,
    name,
    yaml: engine.serializeScenario(cluster.scenario),
  }
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
