// The thin adapter between the app and emulator-core: the only module in src-main that names engine functions.
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { assemble, compareTraces, NAMED_BUILDS, PATCHES, parseScenario, runScenario, serializeScenario } from '@patchlab/emulator-core'
import type { ComparedScenario } from '@patchlab/emulator-core'
import { bisectSeries, finishCluster, fuzzChunk, type BisectOptions, type BisectResult, type ChunkResult, type Cluster, type FuzzCluster, type FuzzOptions, divergenceSignature, type DivergenceSignature } from '@patchlab/emulator-core/explore'
import { buildCatalog } from '@patchlab/emulator-core/node'
import { renderReport } from '@patchlab/emulator-core/report'
import { GUEST_ORIGIN } from '@patchlab/emulator-core/runtime'
import { InputErrors, type BuildInfo, type CompareResult, type ReportOptions, type RunOptions, type Scenario, type Trace } from '@patchlab/emulator-core/types'
import type { BuildListing, ReportFormat } from '../contract'
import { readAllowed, type AccessPolicy } from './file-access'

export interface Engine {
  listBuilds(): BuildListing[]
  /**
   * Throws InputErrors (file/line/column/key) for bad YAML, bad keys or bad assembly. With a policy,
   * `guest.binary` is read only where the page may read (file-access.ts).
   */
  parseScenario(text: string, file: string, access?: AccessPolicy): Scenario
  runScenario(scenario: Scenario, options: RunOptions): Trace
  /** With the parsed scenario, each side is also checked against its `expect` block. */
  compareTraces(scenario: ComparedScenario, a: Trace, b: Trace, parsed?: Scenario): CompareResult
  renderReport(compare: CompareResult, format: ReportFormat, options?: ReportOptions): string
  /** The guest as a flat binary at the guest origin; throws InputErrors when it does not assemble. */
  guestBytes(scenario: Scenario): Uint8Array
  /** Undefined when every observable result agrees (the matrix CLI's notion of agreement). */
  divergenceSignature(a: Trace, b: Trace): DivergenceSignature | undefined
  /** Resolves a build id or custom stack (`pre+v3-05`); throws on an unknown id. */
  resolveBuild(id: string): BuildInfo
  /** `patchlab bisect`: the first patch from `from` to `to` that changes the observable result. */
  bisect(scenario: Scenario, options: BisectOptions): BisectResult
  /** One block of a fuzz campaign: cases start … end-1 on both builds, the divergent ones kept. */
  fuzzChunk(options: FuzzOptions, start: number, end: number): ChunkResult
  /** A cluster's first case minimized, its expect blocks filled from both builds' runs. */
  finishCluster(options: FuzzOptions, cluster: Cluster): FuzzCluster
  serializeScenario(scenario: Scenario): string
}

export class UnsavedScenarioError extends Error {
  constructor(binary: string) {
    super(`guest.binary '${binary}' is relative to the scenario file: save the scenario first`)
    this.name = 'UnsavedScenarioError'
  }
}

/** `guest.binary` names a flat binary beside the scenario file, as the CLI resolves it. */
function loadBinaryBeside(scenarioFile: string, binary: string, access?: AccessPolicy): Uint8Array {
  if (!isAbsolute(binary) && !isAbsolute(scenarioFile)) throw new UnsavedScenarioError(binary)
  const path = isAbsolute(binary) ? binary : resolve(dirname(scenarioFile), binary)
  return access ? readAllowed(path, access).bytes : readFileSync(path)
}

export const engine: Engine = {
  listBuilds: () => NAMED_BUILDS.map((b) => ({ ...b, subject: PATCHES.find((p) => p.id === b.id)?.subject })),
  parseScenario: (text, file, access) => parseScenario(text, file, { loadBinary: (binary) => loadBinaryBeside(file, binary, access) }),
  runScenario,
  compareTraces,
  renderReport,
  divergenceSignature,
  guestBytes,
  resolveBuild: (id) => buildCatalog.resolve(id),
  bisect: (scenario, options) => bisectSeries(runScenario, buildCatalog, scenario, options),
  fuzzChunk: (options, start, end) => fuzzChunk(runScenario, options, start, end),
  finishCluster: (options, cluster) => finishCluster(runScenario, options, cluster),
  serializeScenario,
}

/** Assembled exactly as run/guest-program.ts guestProgram() does, so the file runs as `guest.binary` would. */
function guestBytes(scenario: Scenario): Uint8Array {
  if (scenario.guest.asm === undefined) return scenario.guest.binary ?? new Uint8Array()
  const file = scenario.file ?? '<scenario>'
  const result = assemble(scenario.guest.asm, { fileName: file, origin: BigInt(GUEST_ORIGIN), lineOffset: (scenario.guest.asm_line ?? 1) - 1 })
  if (!result.ok) throw new InputErrors(result.errors.map((e) => ({ ...e, key: 'guest.asm' })))
  return result.bytes
}
