import { binaryBeside, readScenarios, reportInputError } from '../../node/cli-input'
import { checkScenario } from '../../run'
import { parseScenario } from '../../scenario'
import { CHECK_FORMATS, checkJunit, checkTap, checkText, checkTotals, type CheckFormat, type ScenarioChecks } from '../check-format'
import { colourEnabled } from '../colour'
import type { Command } from '../command'
import { scenarioFiles } from '../scenario-files'
import { UsageError, parseOptions, withUsageErrors } from '../usage'

const USAGE = `usage: patchlab check S.yaml… [--format text|tap|junit|json] [--quiet] [--json]

Runs each scenario's expect block and prints one line per (build, mode) checked, with expected vs
actual for every mismatching field, then a totals line (35 scenarios: 33 pass, 2 fail). Files and
globs ('examples/*.yaml') may be given. Expect keys: a build (pre, post, pre+v3-05), a mode (fep,
native) or build/mode (post/native). Every build named in a key is checked in both modes; the
expectation of a (build, mode) pair is <build>, overridden by <mode>, overridden by <build>/<mode>
(field by field). With no build key, pre and post are checked.

  --format F   text (default), tap (TAP version 13, as run_tests.sh -t), junit (JUnit XML), json
  --json       same as --format json
  --quiet      text: only failures and the totals line

exit status: 0 every check passed, 1 some mismatch, 2 bad input`

const command: Command = {
  summary: "check scenarios' expect blocks against the model",
  usage: USAGE,
  run: withUsageErrors('check', USAGE, async (argv) => {
    const { values, positionals } = parseOptions({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } },
    })
    if (!positionals.length) throw new UsageError('name at least one scenario file')
    if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError('--json and --format are two ways to say the format: give one')
    const format = (values.json ? 'json' : (values.format ?? 'text')) as CheckFormat
    if (!CHECK_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(', ')} (got '${format}')`)
    let all: ScenarioChecks[]
    try {
      const files = scenarioFiles(positionals)
      const scenarios = await readScenarios(files, (text, f) => parseScenario(text, f, { loadBinary: binaryBeside(f) }))
      all = scenarios.map((s, i) => ({ file: s.file ?? files[i], results: checkScenario(s) }))
    } catch (e) {
      return reportInputError('check', e)
    }
    if (format === 'tap') process.stdout.write(checkTap(all))
    else if (format === 'junit') process.stdout.write(checkJunit(all))
    else if (format === 'json') process.stdout.write(`${JSON.stringify({ scenarios: all, totals: checkTotals(all) }, null, 2)}\n`)
    else process.stdout.write(checkText(all, colourEnabled(), Boolean(values.quiet)))
    return all.some((s) => s.results.some((r) => !r.ok)) ? 1 : 0
  }),
}

export default command
