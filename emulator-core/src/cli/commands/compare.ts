import { parseArgs } from 'node:util'
import { resolveBuild } from '../../builds'
import { compareTraces } from '../../compare'
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../report'
import { writeFileAtomic, WriteFailedError } from '../../node/atomic-write'
import { binaryBeside, readFailure, readInputFile } from '../../node/cli-input'
import { parseScenario } from '../../scenario'
import { InputErrors, type InputError, type RunMode, type RunOptions, type Scenario, type Trace } from '../../types'
import type { Command } from '../command'

/** The engine's runner; injected so tests can compare hand-made traces. */
export type RunScenario = (scenario: Scenario, options: RunOptions) => Trace

const USAGE = `usage: patchlab compare S.yaml --builds A,B [--modes M] [--format F] [--out FILE]

Runs the scenario on build A and build B and reports how B differs from A
(the first divergence, every differing field, a before/after table).

  --builds A,B     two builds, e.g. pre,post or pre,pre+v3-05
  --modes M        fep (default), native, or a pair: fep,native runs A in fep
                   mode and B in native mode (emulated vs architectural)
  --format F       text (default; an 80-column mail reply), md, html, json
  --out FILE       write the report to FILE (atomically) instead of stdout

exit status: 0 equal (same guest exceptions, exits, VM-exits, VMM results,
final state and outcome; KVM-internal steps may differ and are reported),
3 they diverge, 2 bad input (unknown build, bad scenario, bad option)`

const MODES: readonly RunMode[] = ['fep', 'native']

/** Bad command-line input: reported on stderr with exit status 2. */
class UsageError extends Error {}

interface CompareArgs {
  file: string
  builds: [string, string]
  /** `--builds` as typed, for error columns. */
  buildsText: string
  modes: [RunMode, RunMode]
  format: ReportFormat
  out?: string
}

export function compareCommand(loadRunner: () => Promise<RunScenario>): Command {
  return {
    summary: 'run a scenario on two builds and report the differences',
    usage: USAGE,
    async run(argv) {
      try {
        const args = parseCompareArgs(argv)
        checkBuilds(args.buildsText, args.builds)
        const source = await readScenarioText(args.file)
        const scenario = parseScenario(source, args.file, { loadBinary: binaryBeside(args.file) })
        const runScenario = await loadRunner()
        const [a, b] = [0, 1].map((i) => runScenario(scenario, { build: args.builds[i], mode: args.modes[i] }))
        const result = compareTraces({ name: scenario.name, file: args.file, source }, a, b)
        const report = renderReport(result, args.format)
        if (args.out) await writeFileAtomic(args.out, report)
        else process.stdout.write(report)
        return result.equal ? 0 : 3
      } catch (error) {
        if (error instanceof WriteFailedError) {
          process.stderr.write(`patchlab compare: ${error.message}\n`)
          return 2
        }
        if (error instanceof InputErrors || error instanceof UsageError) {
          process.stderr.write(`patchlab compare: ${error.message}\n`)
          if (error instanceof UsageError) process.stderr.write(`${USAGE.split('\n')[0]}\n`)
          return 2
        }
        throw error
      }
    },
  }
}

function parseCompareArgs(argv: string[]): CompareArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { builds: { type: 'string' }, modes: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (positionals.length !== 1) throw new UsageError(`expected one scenario file, got ${positionals.length}`)
  const builds = (values.builds ?? '').split(',').map((s) => s.trim())
  if (builds.length !== 2 || builds.some((b) => !b)) throw new UsageError(`--builds needs two builds, A,B (got '${values.builds ?? ''}')`)
  const modes = (values.modes ?? 'fep').split(',').map((s) => s.trim())
  if (modes.length > 2 || modes.some((m) => !MODES.includes(m as RunMode))) {
    throw new UsageError(`--modes must be fep, native, or a pair such as fep,native (got '${values.modes}')`)
  }
  const format = values.format ?? 'text'
  if (!REPORT_FORMATS.includes(format as ReportFormat)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got '${format}')`)
  }
  const args: CompareArgs = {
    file: positionals[0],
    builds: [builds[0], builds[1]],
    buildsText: values.builds ?? '',
    modes: [modes[0] as RunMode, (modes[1] ?? modes[0]) as RunMode],
    format: format as ReportFormat,
  }
  if (values.out !== undefined) args.out = values.out
  return args
}

/** Unknown builds or patches, reported at their column in the `--builds` value. */
function checkBuilds(text: string, builds: [string, string]): void {
  const errors: InputError[] = []
  let from = 0
  for (const id of builds) {
    const at = text.indexOf(id, from)
    from = at + id.length
    try {
      resolveBuild(id, { file: '<command line>', line: 1, column: at + 1, key: '--builds' })
    } catch (error) {
      if (!(error instanceof InputErrors)) throw error
      errors.push(...error.errors)
    }
  }
  if (errors.length) throw new InputErrors(errors)
}

async function readScenarioText(file: string): Promise<string> {
  try {
    return readInputFile(file).toString('utf8')
  } catch (error) {
    throw new InputErrors([{ file, line: 1, column: 1, message: `cannot read the scenario: ${readFailure(error)}` }])
  }
}

export default compareCommand(async () => (await import('../../run')).runScenario)
