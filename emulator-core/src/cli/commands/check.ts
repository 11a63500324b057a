import { binaryBeside, readScenarios, reportInputError } from '../../node/cli-input'
import { checkScenario } from '../../run'
import { parseScenario } from '../../scenario'
import type { Command } from '../command'

const USAGE = `usage: patchlab check S.yaml…

Runs each scenario's expect block and prints one line per (build, mode) checked, with expected vs
actual for every mismatching field. Expect keys: a build (pre, post, pre+v3-05), a mode (fep,
native) or build/mode (post/native). Every build named in a key is checked in both modes; the
expectation of a (build, mode) pair is <build>, overridden by <mode>, overridden by <build>/<mode>
(field by field). With no build key, pre and post are checked.

exit status: 0 every check passed, 1 some mismatch, 2 bad input`

const command: Command = {
  summary: "check scenarios' expect blocks against the model",
  usage: USAGE,
  async run(files) {
    if (!files.length) {
      process.stderr.write(`${USAGE}\n`)
      return 2
    }
    let failed = 0
    try {
      const scenarios = await readScenarios(files, (text, f) => parseScenario(text, f, { loadBinary: binaryBeside(f) }))
      for (const scenario of scenarios) {
        const results = checkScenario(scenario)
        if (!results.length) process.stdout.write(`SKIP ${scenario.file}: no expect block\n`)
        for (const r of results) {
          if (!r.ok) failed++
          process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'} ${scenario.file} ${r.build}/${r.mode}${r.ok ? '' : `\n${r.mismatches.map((m) => `       ${m}`).join('\n')}`}\n`)
        }
      }
    } catch (e) {
      return reportInputError('check', e)
    }
    return failed ? 1 : 0
  },
}

export default command
