import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { formatFuzzReport, type FuzzOptions, type FuzzProgress } from '../../explore'
import { reportInputError } from '../../node/cli-input'
import { exploreEngine as engine } from '../../node/explore-engine'
import { stringifyWithHex } from '../../node/json-bigint'
import { fuzzCampaignParallel } from '../../node/parallel-fuzz'
import { WriteFailedError } from '../../node/atomic-write'
import { WorkerCrashedError } from '../../node/worker-pool'
import { writeFuzzCases } from '../../node/write-fuzz-cases'
import type { Command } from '../command'

const usage = `usage: patchlab fuzz --builds A,B --seed N (--time 60s | --count N) [--out DIR] [--jobs N] [--mode fep|native] [--format text|md|json]

Generates random valid scenarios from a grammar of what matters for #DB (MOV DR, TF via POPF,
STI/MOV SS shadows, code/data/I/O breakpoints, DR7.GD, ICEBP/INT3, CPUID/IN/OUT, guest_debug,
nested intercepts, the payload cap, VMM actions), runs both builds (in fep mode; native is the
reference column), clusters divergences by signature and minimizes one case per cluster by delta
debugging. With --out, writes cluster-NN.yaml (expect blocks filled from both runs) and
fuzz-report.json. The same seed and count give the same clusters whatever --jobs is; with --time,
the report names how many cases ran (rerun with --count to reproduce). Ctrl+C stops and writes
what was found; a second Ctrl+C quits at once.
Exit status: 0 when no divergence was found, 3 when some were, 2 on bad input.`

/** `60s`, `2m`, `500ms`, or plain seconds. */
function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  if (!m) throw new Error(`--time must look like 60s, 2m or 500ms, got '${text}'`)
  const scale = m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000
  return Math.round(Number(m[1]) * scale)
}

function wholeNumber(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, got '${text}'`)
  return Number(text)
}

function progressLine(p: FuzzProgress): string {
  return `\r${p.cases.toLocaleString('en-US')} cases  ${p.casesPerSecond.toLocaleString('en-US')}/s  ${p.clusters} cluster(s)  ${(p.elapsedMs / 1000).toFixed(1)} s `
}

const command: Command = {
  summary: 'differential fuzzing of two builds, with clustered, minimized cases',
  usage,
  async run(args) {
    let options: FuzzOptions
    let values: { out?: string; format: string }
    let jobs: number
    try {
      const parsed = parseArgs({
        args,
        options: {
          builds: { type: 'string' },
          seed: { type: 'string' },
          time: { type: 'string' },
          count: { type: 'string' },
          out: { type: 'string' },
          jobs: { type: 'string' },
          mode: { type: 'string', default: 'fep' },
          format: { type: 'string', default: 'text' },
        },
      }).values
      const builds = (parsed.builds ?? '').split(',').filter(Boolean)
      if (builds.length !== 2) throw new Error('--builds needs exactly two builds, e.g. --builds pre,post')
      if (parsed.seed === undefined) throw new Error('--seed is required (the same seed gives the same campaign)')
      if ((parsed.time === undefined) === (parsed.count === undefined)) throw new Error('give one budget: --time 60s or --count N')
      if (parsed.mode !== 'fep' && parsed.mode !== 'native') throw new Error(`--mode must be fep or native, got '${parsed.mode}'`)
      if (!['text', 'md', 'json'].includes(parsed.format)) throw new Error(`unknown format '${parsed.format}' (formats: text, md, json)`)
      options = {
        builds: [builds[0], builds[1]],
        seed: wholeNumber('--seed', parsed.seed),
        mode: parsed.mode,
        ...(parsed.count !== undefined ? { count: wholeNumber('--count', parsed.count) } : { timeMs: parseDuration(parsed.time!) }),
      }
      values = parsed
      jobs = parsed.jobs !== undefined ? wholeNumber('--jobs', parsed.jobs) : availableParallelism()
      if (jobs < 1) throw new Error('--jobs must be at least 1')
      for (const build of builds) engine.catalog.resolve(build)
    } catch (error) {
      return reportInputError('fuzz', error)
    }

    const controller = new AbortController()
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130)
      controller.abort()
      process.stderr.write('\nstopping: finishing the cases in progress, then minimizing what was found (Ctrl+C again to quit)\n')
    }
    process.on('SIGINT', onSigint)
    const tty = process.stderr.isTTY
    let lastDraw = 0
    try {
      const report = await fuzzCampaignParallel(options, {
        jobs,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.elapsedMs - lastDraw < 200) return
          lastDraw = p.elapsedMs
          process.stderr.write(tty ? progressLine(p) : `${progressLine(p).slice(1)}\n`)
        },
      })
      if (tty) process.stderr.write('\n')
      const files = values.out ? await writeFuzzCases(values.out, report, engine.serializeScenario) : []
      process.stdout.write(values.format === 'json' ? stringifyWithHex(report) : formatFuzzReport(report, values.format as 'text' | 'md', files))
      if (values.out) process.stderr.write(`wrote ${files.length} case file(s) and fuzz-report.json to ${values.out}\n`)
      return report.clusters.length ? 3 : 0
    } catch (error) {
      if (error instanceof WriteFailedError) process.stderr.write(`patchlab fuzz: ${error.message}\n`)
      else if (error instanceof WorkerCrashedError) process.stderr.write(`patchlab fuzz: ${error.message}; the campaign stopped without a report\n`)
      else throw error
      return 1
    } finally {
      process.off('SIGINT', onSigint)
    }
  },
}

export default command
