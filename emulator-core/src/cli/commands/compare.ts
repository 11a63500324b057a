import { existsSync } from 'node:fs'
import { resolveBuild } from '../../builds'
import { compareTraces } from '../../compare'
import { REPORT_FORMATS, divergingFunction, parsePatchMail, renderReport, replyContext, reportModel, type ReportFormat } from '../../report'
import { writeFileAtomic, WriteFailedError } from '../../node/atomic-write'
import { binaryBeside, readFailure, readInputFile } from '../../node/cli-input'
import { gitIdent } from '../../node/git-ident'
import { parseScenario } from '../../scenario'
import { InputErrors, type CompareResult, type InputError, type ReportOptions, type RunMode, type RunOptions, type Scenario, type Trace, type Vendor } from '../../types'
import { paint } from '../colour'
import type { Command } from '../command'
import { displayPath, scenarioFiles } from '../scenario-files'
import { UsageError, parseOptions, withUsageErrors } from '../usage'

/** The engine's runner; injected so tests can compare hand-made traces. */
export type RunScenario = (scenario: Scenario, options: RunOptions) => Trace

const USAGE = `usage: patchlab compare S.yaml… --builds A,B [--modes M] [--vendor V] [--format F] [--out FILE]
                        [--trailer tested-by|reviewed-by] [--reply-to PATCH.mbox|MSGID] [--quiet|--json]

Runs each scenario on build A and build B and reports how B differs from A (verdict, build
identity, first divergence, before/after table, reproducer). Several files or globs may be given;
each gets its report, then a totals line.

  --builds A,B     two builds, e.g. pre,post or pre,pre+v3-05
  --modes M        fep (default), native, or a pair: fep,native runs A in fep
                   mode and B in native mode (emulated vs architectural)
  --vendor V       intel or amd (default: the scenario's vendor)
  --format F       text (default; an 80-column mail reply), md, html, json
  --json           same as --format json
  --out FILE       write the report to FILE (atomically) instead of stdout (one scenario)
  --trailer T      end the report with Tested-by: or Reviewed-by: from git config
                   user.name/user.email (off by default: the result is from a model)
  --reply-to R     a patch mail (mbox/.eml or an archive page) or its Message-ID: adds
                   Subject: Re:/In-Reply-To: headers and quotes the hunk of the diverging function
  --message-id ID  the Message-ID to reply to when the mail file has none
  --quiet          no report; only the totals line (and the exit status)

exit status: 0 every scenario gives the same results on A and B (KVM-internal steps may
differ and are reported), 3 some diverges or is inconclusive (a budget was reached),
2 bad input (unknown build, bad scenario, bad option)`

const MODES: readonly RunMode[] = ['fep', 'native']
const TRAILERS = ['tested-by', 'reviewed-by'] as const

interface CompareArgs {
  files: string[]
  builds: [string, string]
  /** `--builds` as typed, for error columns. */
  buildsText: string
  modes: [RunMode, RunMode]
  vendor?: Vendor
  format: ReportFormat
  out?: string
  trailer?: (typeof TRAILERS)[number]
  replyTo?: string
  messageId?: string
  quiet: boolean
}

export function compareCommand(loadRunner: () => Promise<RunScenario>): Command {
  return {
    summary: 'run scenarios on two builds and report the differences',
    usage: USAGE,
    run: withUsageErrors('compare', USAGE, async (argv) => {
      try {
        const args = parseCompareArgs(argv)
        checkBuilds(args.buildsText, args.builds)
        const options: ReportOptions = {}
        if (args.trailer) {
          const ident = gitIdent()
          if (!ident) throw new UsageError("--trailer needs 'git config user.name' and 'git config user.email' to be set")
          options.trailer = { kind: args.trailer, ident }
          process.stderr.write(
            args.trailer === 'tested-by'
              ? 'patchlab compare: warning: Tested-by: says the patch ran on real hardware; this result is from PatchLab\'s model of KVM. Add it only if you also tested on hardware.\n'
              : 'patchlab compare: note: Reviewed-by: says you reviewed the patch itself, not only this model result.\n',
          )
        }
        const runScenario = await loadRunner()
        const results: CompareResult[] = []
        const reports: string[] = []
        for (const file of args.files) {
          const source = await readScenarioText(file)
          const scenario = parseScenario(source, file, { loadBinary: binaryBeside(file) })
          const [a, b] = [0, 1].map((i) => runScenario(scenario, { build: args.builds[i], mode: args.modes[i], ...(args.vendor ? { vendor: args.vendor } : {}) }))
          const result = compareTraces({ name: scenario.name, file: displayPath(file), source }, a, b, scenario)
          results.push(result)
          if (args.replyTo) options.replyTo = await replyTo(args, result)
          if (!args.quiet) reports.push(renderReport(result, args.format, options))
        }
        if (args.out) await writeFileAtomic(args.out, reports.join('\n'))
        else process.stdout.write(reports.join(args.format === 'text' || args.format === 'md' ? '\n' : ''))
        if (results.length > 1 || args.quiet) process.stdout.write(`${totals(results)}\n`)
        return results.every((r) => r.verdict.kind === 'same' || r.verdict.kind === 'same-results') ? 0 : 3
      } catch (error) {
        if (error instanceof WriteFailedError) {
          process.stderr.write(`patchlab compare: ${error.message}\n`)
          return 2
        }
        if (error instanceof InputErrors) {
          process.stderr.write(`patchlab compare: ${error.message}\n`)
          return 2
        }
        throw error
      }
    }),
  }
}

/** `35 scenarios: 33 same, 2 diverge` with every verdict that occurs. */
function totals(results: readonly CompareResult[]): string {
  const count = (kind: string) => results.filter((r) => r.verdict.kind === kind).length
  const parts = [
    [count('same') + count('same-results'), 'same', 'green'],
    [count('diverges'), 'diverge', 'red'],
    [count('inconclusive'), 'inconclusive', 'yellow'],
  ] as const
  const shown = parts.filter(([n], i) => n > 0 || i < 2).map(([n, word, colour]) => paint(colour, `${n} ${word}`))
  return `${results.length} scenario${results.length === 1 ? '' : 's'}: ${shown.join(', ')}`
}

async function replyTo(args: CompareArgs, result: CompareResult): Promise<ReportOptions['replyTo']> {
  const fn = divergingFunction(reportModel(result))
  const value = args.replyTo!
  if (existsSync(value)) {
    const mail = await parsePatchMail(readInputFile(value).toString('utf8'))
    const ctx = replyContext(mail, fn, args.messageId)
    if (!ctx.messageId) process.stderr.write(`patchlab compare: note: ${value} has no Message-ID; pass --message-id to set In-Reply-To\n`)
    return ctx
  }
  if (!/^<?[^\s<>@]+@[^\s<>@]+>?$/.test(value)) throw new UsageError(`--reply-to needs a patch mail file or a Message-ID, got '${value}'`)
  return replyContext({ subject: '', references: [], body: '' }, fn, value)
}

function parseCompareArgs(argv: string[]): CompareArgs {
  const { values, positionals } = parseOptions({
    args: argv,
    allowPositionals: true,
    options: {
      builds: { type: 'string' }, modes: { type: 'string' }, vendor: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, trailer: { type: 'string' }, 'reply-to': { type: 'string' }, 'message-id': { type: 'string' },
    },
  })
  if (positionals.length === 0) throw new UsageError('name at least one scenario file')
  const builds = (values.builds ?? '').split(',').map((s) => s.trim())
  if (builds.length !== 2 || builds.some((b) => !b)) throw new UsageError(`--builds needs two builds, A,B (got '${values.builds ?? ''}')`)
  const modes = (values.modes ?? 'fep').split(',').map((s) => s.trim())
  if (modes.length > 2 || modes.some((m) => !MODES.includes(m as RunMode))) {
    throw new UsageError(`--modes must be fep, native, or a pair such as fep,native (got '${values.modes}')`)
  }
  if (values.vendor !== undefined && values.vendor !== 'intel' && values.vendor !== 'amd') throw new UsageError(`--vendor must be intel or amd (got '${values.vendor}')`)
  if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError('--json and --format are two ways to say the format: give one')
  const format = values.json ? 'json' : (values.format ?? 'text')
  if (!REPORT_FORMATS.includes(format as ReportFormat)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got '${format}')`)
  if (values.trailer !== undefined && !TRAILERS.includes(values.trailer as (typeof TRAILERS)[number])) throw new UsageError(`--trailer must be tested-by or reviewed-by (got '${values.trailer}')`)
  if (values['reply-to'] !== undefined && format !== 'text') throw new UsageError('--reply-to makes a mail: it needs --format text')
  if (values['message-id'] !== undefined && values['reply-to'] === undefined) throw new UsageError('--message-id goes with --reply-to PATCH.mbox')
  if (values.quiet && values.out) throw new UsageError('--quiet prints no report: drop --out or --quiet')
  const files = scenarioFiles(positionals)
  if (values.out && files.length > 1) throw new UsageError('--out takes one scenario; several go to stdout')
  const args: CompareArgs = {
    files,
    builds: [builds[0], builds[1]],
    buildsText: values.builds ?? '',
    modes: [modes[0] as RunMode, (modes[1] ?? modes[0]) as RunMode],
    format: format as ReportFormat,
    quiet: Boolean(values.quiet),
  }
  if (values.vendor) args.vendor = values.vendor as Vendor
  if (values.out !== undefined) args.out = values.out
  if (values.trailer) args.trailer = values.trailer as CompareArgs['trailer']
  if (values['reply-to'] !== undefined) args.replyTo = values['reply-to']
  if (values['message-id'] !== undefined) args.messageId = values['message-id']
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
