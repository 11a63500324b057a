import { parseArgs } from 'node:util'
import { exitText, guestExceptionText, vmexitText, vmmText } from '../../compare'
import { binaryBeside, readScenarios, reportInputError } from '../../node/cli-input'
import { eventText } from '../../report/event-text'
import { runScenario } from '../../run'
import { parseScenario } from '../../scenario'
import { InputErrors, type RunMode, type Trace, type Vendor } from '../../types'
import type { Command } from '../command'

const USAGE = `usage: patchlab run S.yaml --build ID [--mode fep|native] [--vendor intel|amd] [--json] [--all]

Runs the scenario on one build (a named build or a stack such as pre+v3-05) and prints the trace:
every instruction (native or emulated), every exception queued/injected/delivered with its payload
and DR6 before/after, every exit to userspace, nested VM-exit and VMM action, then the result lists.

  --mode M     fep (default: FEP instructions go through KVM's emulator) or native (the prefix is
               skipped and the instruction runs through the vendor intercept paths)
  --json       the trace as JSON (schema patchlab.trace/1, guest values as lowercase 0x… strings)
  --all        also list the guest runtime's handler instructions

exit status: 0 the run completed, 2 bad input`

const command: Command = {
  summary: 'run a scenario on one build and print its trace',
  usage: USAGE,
  async run(argv) {
    try {
      const { values, positionals } = parseArgs({
        args: argv, allowPositionals: true,
        options: { build: { type: 'string' }, mode: { type: 'string' }, vendor: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' } },
      })
      if (positionals.length !== 1) throw new Error('expected exactly one scenario file')
      if (!values.build) throw new Error('--build is required (see patchlab builds)')
      const mode = (values.mode ?? 'fep') as RunMode
      if (mode !== 'fep' && mode !== 'native') throw cliError('--mode', `unknown mode '${mode}' (modes: fep, native)`)
      if (values.vendor !== undefined && values.vendor !== 'intel' && values.vendor !== 'amd') throw cliError('--vendor', `unknown vendor '${values.vendor}' (intel, amd)`)
      const file = positionals[0]
      const [scenario] = await readScenarios([file], (text, f) => parseScenario(text, f, { loadBinary: binaryBeside(f) }))
      const build = values.build
      const trace = runScenario(scenario, { build, mode, ...(values.vendor ? { vendor: values.vendor as Vendor } : {}) })
      process.stdout.write(values.json ? `${JSON.stringify(trace, null, 2)}\n` : traceText(trace, Boolean(values.all)))
      return 0
    } catch (e) {
      if (e instanceof InputErrors && e.errors[0]?.file === '<build>') return reportInputError('run', cliError('--build', e.errors.map((x) => x.message).join('; ')))
      return reportInputError('run', e)
    }
  },
}

function cliError(option: string, message: string): InputErrors {
  return new InputErrors([{ file: '<command line>', line: 1, column: 1, key: option, message }])
}

/** The readable form of a trace. */
export function traceText(trace: Trace, all: boolean): string {
  const lines = [`${trace.scenario}`, `build ${trace.build} (${['base', ...trace.stack].join(' + ')}), mode ${trace.mode}, vendor ${trace.vendor}`, '']
  for (const event of trace.events) {
    if (event.kind === 'insn' && event.runtime && !all) continue
    lines.push(`${String(event.seq).padStart(5)}  ${eventText(event)}`)
  }
  lines.push('', `outcome: ${trace.outcome}${trace.outcome_detail ? ` (${trace.outcome_detail})` : ''}`)
  const section = (title: string, items: string[]): void => {
    lines.push(`${title}:${items.length ? '' : ' none'}`)
    for (const item of items) lines.push(`  ${item}`)
  }
  section('guest exceptions', trace.guest_exceptions.map(guestExceptionText))
  section('exits', trace.exits.map(exitText))
  section('nested VM-exits', trace.vmexits.map(vmexitText))
  section('vmm', trace.vmm.map(vmmText))
  const f = trace.final
  lines.push(`final: rip ${f.rip} rflags ${f.rflags} dr0 ${f.dr0} dr1 ${f.dr1} dr2 ${f.dr2} dr3 ${f.dr3} dr6 ${f.dr6} dr7 ${f.dr7}`)
  return `${lines.join('\n')}\n`
}

export default command
