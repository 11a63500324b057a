import { formatMatrix, MATRIX_AXES, MATRIX_FORMATS, runMatrix, type MatrixAxis, type MatrixFormat } from '../../explore'
import { readScenarios, reportInputError } from '../../node/cli-input'
import { exploreEngine as engine } from '../../node/explore-engine'
import type { Command } from '../command'
import { UsageError, parseOptions, withUsageErrors } from '../usage'

const usage = `usage: patchlab matrix S.yaml… --builds A,B[,…] [--axes mode,vendor,payload,guest_debug] [--format text|md|json]

Runs every scenario on every build over the cross product of the chosen axes and prints a table of
agreement, grouped by divergence signature (what differs from the first build, and how), with counts.
  --axes         mode (fep/native), vendor (intel/amd), payload (KVM_CAP_EXCEPTION_PAYLOAD off/on),
                 guest_debug (none/USE_HW_BP/SINGLESTEP/both; replaces the scenario's control, keeps
                 its debugreg). Axes not named keep the scenario's setting (mode: fep).
  --format       text (default), md, json
Exit status: 0 when every cell agrees, 3 when some cell diverges, 2 on bad input.`

const command: Command = {
  summary: 'run scenarios over builds × modes × vendors × payload cap × guest_debug; group by divergence',
  usage,
  run: withUsageErrors('matrix', usage, async (args) => {
    try {
      const { values, positionals } = parseOptions({
        args,
        allowPositionals: true,
        options: { builds: { type: 'string' }, axes: { type: 'string' }, format: { type: 'string', default: 'text' } },
      })
      const builds = (values.builds ?? '').split(',').filter(Boolean)
      if (builds.length < 2) throw new UsageError('--builds needs at least two builds, e.g. --builds pre,post')
      if (positionals.length === 0) throw new UsageError('name at least one scenario file')
      const axes = (values.axes ?? '').split(',').filter(Boolean)
      const unknownAxis = axes.find((a) => !MATRIX_AXES.includes(a as MatrixAxis))
      if (unknownAxis) throw new UsageError(`unknown axis '${unknownAxis}' (axes: ${MATRIX_AXES.join(', ')})`)
      const format = values.format as MatrixFormat
      if (!MATRIX_FORMATS.includes(format)) throw new UsageError(`unknown format '${format}' (formats: ${MATRIX_FORMATS.join(', ')})`)
      for (const build of builds) engine.catalog.resolve(build)
      const scenarios = await readScenarios(positionals, engine.parseScenario)
      const result = runMatrix(engine.runScenario, scenarios, { builds, axes: axes as MatrixAxis[] })
      process.stdout.write(formatMatrix(result, format))
      return result.groups.some((g) => g.signature !== 'agree') ? 3 : 0
    } catch (error) {
      return reportInputError('matrix', error)
    }
  }),
}

export default command
