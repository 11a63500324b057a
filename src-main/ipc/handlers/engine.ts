// The thin adapter between the app and emulator-core: the only module in src-main that names engine functions.
import type { BuildInfo, CompareResult, RunOptions, Scenario, Trace } from '../../../emulator-core/src/types'
import type { ReportFormat } from '../contract'
import { NAMED_BUILDS } from '../../../emulator-core/src/builds'
import { renderReport } from '../../../emulator-core/src/report'
import { fixtureEngine } from './__fixtures__/fixture-engine'

export interface Engine {
  listBuilds(): BuildInfo[]
  /** Throws InputErrors (file/line/column/key) for bad YAML, bad keys or bad assembly. */
  parseScenario(text: string, file: string): Scenario
  runScenario(scenario: Scenario, options: RunOptions): Trace
  compareTraces(scenario: { name: string; file?: string; source?: string }, a: Trace, b: Trace): CompareResult
  renderReport(compare: CompareResult, format: ReportFormat): string
}

export const engine: Engine = { ...fixtureEngine, listBuilds: () => [...NAMED_BUILDS], renderReport }
