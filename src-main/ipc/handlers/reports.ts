// reports:render — the engine's report renderers over a comparison this process computed.
// Files are named after the scenario file (or its name) and both sides.
import type { Handlers, ReportFormat } from '../contract'
import type { ComparisonStore } from './comparison-store'
import type { Engine } from './engine'

export interface ReportsDeps {
  engine: Pick<Engine, 'renderReport'>
  comparisons: ComparisonStore
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
    'reports:render': ({ runId, format }) => {
      const compare = deps.comparisons.get(runId)
      if (!compare) throw new UnknownRunError(runId)
      const [a, b] = compare.sides
      const scenario = compare.scenario.file?.split(/[/\\]/).pop()?.replace(/\.ya?ml$/, '') ?? compare.scenario.name
      const stem = `${scenario}-${a.build}-${a.mode}-vs-${b.build}-${b.mode}`.replace(/[^A-Za-z0-9_.+-]/g, '_')
      return { fileName: `${stem}.${EXTENSION[format]}`, text: deps.engine.renderReport(compare, format) }
    },
  }
}
