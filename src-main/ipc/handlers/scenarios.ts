// scenarios:* and builds:list — the example library, reading a scenario, and checking one as the user types.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Handlers, ScenarioEntry } from '../contract'
import type { Engine } from './engine'
import type { EngineWorkers } from './engine-workers'

export interface ScenariosDeps {
  engine: Pick<Engine, 'listBuilds'>
  /** Checking parses and assembles: off the main thread, like runs. */
  workers: Pick<EngineWorkers, 'start'>
  /** The `examples/` directory. */
  examplesDir: string
}

type ScenariosHandlers = Pick<Handlers, 'builds:list' | 'scenarios:list' | 'scenarios:read' | 'scenarios:check' | 'scenarios:assemble'>

const EXAMPLE_PREFIX = 'example:'

export class UnknownScenarioError extends Error {
  constructor(id: string) {
    super(`no scenario '${id}' in the library`)
    this.name = 'UnknownScenarioError'
  }
}

export function createScenariosHandlers(deps: ScenariosDeps): ScenariosHandlers {
  async function examples(): Promise<ScenarioEntry[]> {
    const names = (await readdir(deps.examplesDir).catch(() => [] as string[])).filter((n) => /\.ya?ml$/.test(n)).sort()
    return names.map((n) => ({
      id: `${EXAMPLE_PREFIX}${n}`,
      name: n.replace(/\.ya?ml$/, ''),
      path: join(deps.examplesDir, n),
      origin: 'example' as const,
    }))
  }

  return {
    'builds:list': () => deps.engine.listBuilds(),
    'scenarios:list': () => examples(),
    'scenarios:read': async ({ id }) => {
      // Only ids from the listing are readable; anything else (paths, `..`) is refused.
      const entry = (await examples()).find((e) => e.id === id)
      if (!entry) throw new UnknownScenarioError(id)
      return { path: entry.path, name: `${entry.name}.yaml`, text: await readFile(entry.path, 'utf8') }
    },
    'scenarios:check': async ({ text, file }) => {
      const result = await deps.workers.start({ task: 'check', text, file }).result
      if (result.ok) return { errors: [] }
      if (result.error.kind === 'input') return { errors: result.error.errors }
      throw new Error(`checking ${file}: ${result.error.message}`)
    },
    'scenarios:assemble': async ({ text, file }) => {
      const result = await deps.workers.start({ task: 'assemble', text, file }).result
      if (result.ok) return { ok: true, bytes: result.value as number[] }
      if (result.error.kind === 'input') return { ok: false, errors: result.error.errors }
      throw new Error(`assembling ${file}: ${result.error.message}`)
    },
  }
}
