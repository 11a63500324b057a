// reports:render — the engine's report renderers over a comparison this process computed.
// Files are named after the scenario file (or its name) and both sides.
import type { ReportOptions } from '@patchlab/emulator-core/types'
import type { Handlers, ReportFormat } from '../contract'
import type { ComparisonStore } from './comparison-store'
import type { Engine } from './engine'

export interface ReportsDeps {
  engine: Pick<Engine, 'renderReport'>
  comparisons: ComparisonStore
  /** `Name <address>` from git config, for an opt-in trailer; undefined when unset. */
  gitIdent: () => string | undefined
}

const EXTENSION: Record<ReportFormat, string> = { text: 'txt', md: 'md', html: 'html', json: 'json' }

export class UnknownRunError extends Error {
  constructor(runId: string) {
    super(`no comparison for run '${runId}' (run it again)`)
    this.name = 'UnknownRunError'
  }
}

export function createReportsHandlers(deps: ReportsDeps): Pick<Handlers, 'reports:render'> {
  return {
    'reports:render': ({ runId, format, trailer }) => {
      const compare = deps.comparisons.get(runId)
      if (!compare) throw new UnknownRunError(runId)
      const [a, b] = compare.sides
      const scenario = compare.scenario.file?.split(/[/\\]/).pop()?.replace(/\.ya?ml$/, '') ?? compare.scenario.name
      const stem = `${scenario}-${a.build}-${a.mode}-vs-${b.build}-${b.mode}`.replace(/[^A-Za-z0-9_.+-]/g, '_')
      const options: ReportOptions = {}
      if (trailer) {
        const ident = deps.gitIdent()
        if (!ident) throw new Error("a trailer needs 'git config user.name' and 'git config user.email' to be set")
        options.trailer = { kind: trailer, ident }
      }
      return { fileName: `${stem}.${EXTENSION[format]}`, text: deps.engine.renderReport(compare, format, options) }
    },
  }
}
