// The engine as exploration's Node entry points (CLI commands, bench) use it: one place that names
// the engine modules, so the pure explore/ functions keep taking them as arguments.
import { NAMED_BUILDS, PATCHES, patchInfo, resolveBuild } from '../builds'
import type { BuildCatalog, RunFn } from '../explore'
import { runScenario } from '../run'
import { parseScenario, serializeScenario } from '../scenario'
import type { Scenario } from '../types'

export interface ExploreEngine {
  parseScenario(text: string, file: string): Scenario
  serializeScenario(scenario: Scenario): string
  runScenario: RunFn
  catalog: BuildCatalog
}

export const buildCatalog: BuildCatalog = {
  resolve: (id) => {
    const { functions: _functions, ...info } = resolveBuild(id)
    return info
  },
  builds: NAMED_BUILDS,
  patch: (id) => {
    const module = PATCHES.find((p) => p.id === id)
    return module ? patchInfo(module) : undefined
  },
}

export const exploreEngine: ExploreEngine = {
  parseScenario: (text, file) => parseScenario(text, file),
  serializeScenario,
  runScenario,
  catalog: buildCatalog,
}
