import { bisectSeries, formatBisect, type BisectFormat } from '../../explore'
import { readScenarios, reportInputError } from '../../node/cli-input'
import { exploreEngine as engine } from '../../node/explore-engine'
import type { RunMode, Vendor } from '../../types'
import type { Command } from '../command'
import { UsageError, parseOptions, withUsageErrors } from '../usage'

const usage = `usage: patchlab bisect S.yaml --from BUILD --to BUILD [--mode fep|native] [--vendor intel|amd] [--format text|md|json]

Walks the cumulative patch stack from --from to --to (e.g. pre → v3-01 → … → post), runs the
scenario on every step, and names the first patch whose build changes the observable result
(guest_exceptions, exits, vmexits, vmm results, final state, outcome), with the before/after values.
Exit status: 0 when no patch changes the result, 3 when one does, 2 on bad input.`

const command: Command = {
  summary: 'name the first patch of a series that changes a scenario\'s result',
  usage,
  run: withUsageErrors('bisect', usage, async (args) => {
    try {
      const { values, positionals } = parseOptions({
        args,
        allowPositionals: true,
        options: {
          from: { type: 'string', default: 'pre' },
          to: { type: 'string', default: 'post' },
          mode: { type: 'string', default: 'fep' },
          vendor: { type: 'string' },
          format: { type: 'string', default: 'text' },
        },
      })
      if (positionals.length !== 1) throw new UsageError('name exactly one scenario file')
      if (values.mode !== 'fep' && values.mode !== 'native') throw new UsageError(`--mode must be fep or native, got '${values.mode}'`)
      if (values.vendor !== undefined && values.vendor !== 'intel' && values.vendor !== 'amd') throw new UsageError(`--vendor must be intel or amd, got '${values.vendor}'`)
      if (!['text', 'md', 'json'].includes(values.format)) throw new UsageError(`unknown format '${values.format}' (formats: text, md, json)`)
      const [scenario] = await readScenarios(positionals, engine.parseScenario)
      const result = bisectSeries(engine.runScenario, engine.catalog, scenario, {
        from: values.from,
        to: values.to,
        mode: values.mode as RunMode,
        vendor: values.vendor as Vendor | undefined,
      })
      process.stdout.write(formatBisect(result, values.format as BisectFormat))
      return result.first_change ? 3 : 0
    } catch (error) {
      return reportInputError('bisect', error)
    }
  }),
}

export default command
