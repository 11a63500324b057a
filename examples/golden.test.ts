// Golden traces: the model's whole observable behaviour on every example, every build, both modes and
// both vendors, plus one fixed-seed fuzz campaign, compared with files committed under golden/.
// A diff there is the visible effect of a model change: regenerate on purpose with
// `UPDATE_GOLDEN=1 npx vitest run examples/golden.test.ts` and say in the commit which rows changed and why.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { NAMED_BUILDS } from '@patchlab/emulator-core/patch-api'
import { fuzzCampaign } from '@patchlab/emulator-core/explore'
import { runScenario } from '@patchlab/emulator-core'
import { parseScenario } from '@patchlab/emulator-core/scenario'
import { hex, type RunMode, type Scenario, type Trace, type Vendor } from '@patchlab/emulator-core/types'

const dir = dirname(fileURLToPath(import.meta.url))
const goldenDir = join(dir, 'golden')
/** Where a mismatching run's actual file goes, for a side-by-side look (git-ignored). */
const actualDir = join(goldenDir, '.actual')
const update = process.env.UPDATE_GOLDEN === '1'

/** The twelve named builds and one custom stack (v3-05 alone on pre: S6's code-breakpoint fix). */
const BUILDS = [...NAMED_BUILDS.map((b) => b.id), 'pre+v3-05']
const MODES: RunMode[] = ['fep', 'native']
const VENDORS: Vendor[] = ['intel', 'amd']
const FUZZ = { builds: ['pre', 'post'] as [string, string], seed: 2026, count: 3000 }

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? hex(v) : v))
}

/** A run's content without its build identity, so runs that behave alike share one trace in the file. */
function runContent(scenario: Scenario, build: string, mode: RunMode, vendor: Vendor): string[] {
  let trace: Trace
  try {
    trace = runScenario(scenario, { build, mode, vendor })
  } catch (error) {
    return [json({ error: error instanceof Error ? error.message : String(error) })]
  }
  const { outcome, outcome_detail, events, guest_exceptions, exits, vmexits, vmm, final } = trace
  return [
    json({ outcome, outcome_detail }),
    ...events.map((event) => json({ event })),
    json({ guest_exceptions }),
    json({ exits }),
    json({ vmexits }),
    json({ vmm }),
    json({ final }),
  ]
}

/**
 * One example's golden file: per distinct trace a header line listing the runs (`build/mode/vendor`)
 * that produce it, then one line per event and per record list, each tagged with the trace number.
 */
function exampleGolden(scenario: Scenario): string {
  const traces = new Map<string, { runs: string[]; lines: string[] }>()
  for (const build of BUILDS) {
    for (const mode of MODES) {
      for (const vendor of VENDORS) {
        const lines = runContent(scenario, build, mode, vendor)
        const key = lines.join('\n')
        const entry = traces.get(key) ?? { runs: [], lines }
        entry.runs.push(`${build}/${mode}/${vendor}`)
        traces.set(key, entry)
      }
    }
  }
  const out: string[] = []
  let n = 0
  for (const { runs, lines } of traces.values()) {
    n += 1
    out.push(`{"trace":${n},"runs":${json(runs)}}`)
    for (const line of lines) out.push(`{"trace":${n},${line.slice(1)}`)
  }
  return `${out.join('\n')}\n`
}

/** The first line where actual and golden differ, with the runs of the trace it belongs to. */
function firstDifference(golden: string, actual: string): string {
  const want = golden.split('\n')
  const got = actual.split('\n')
  const at = want.findIndex((line, i) => line !== got[i])
  const i = at === -1 ? want.length : at
  const header = (lines: string[]) => [...lines.slice(0, i + 1)].reverse().find((l) => l.includes('"runs":')) ?? '(none)'
  return [
    `first difference at line ${i + 1}`,
    `  golden trace: ${header(want)}`,
    `  golden: ${want[i] ?? '(end of file)'}`,
    `  actual trace: ${header(got)}`,
    `  actual: ${got[i] ?? '(end of file)'}`,
  ].join('\n')
}

function checkGolden(name: string, actual: string): void {
  const file = join(goldenDir, name)
  if (update) {
    writeFileSync(file, actual)
    return
  }
  let golden: string
  try {
    golden = readFileSync(file, 'utf8')
  } catch {
    throw new Error(`no golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run examples/golden.test.ts`)
  }
  if (golden === actual) return
  mkdirSync(actualDir, { recursive: true })
  writeFileSync(join(actualDir, name), actual)
  expect.fail(`${name} differs from its golden file (actual written to examples/golden/.actual/${name})\n${firstDifference(golden, actual)}\n` +
    'If the model change is intended: UPDATE_GOLDEN=1 npx vitest run examples/golden.test.ts, and name the changed rows in the commit.')
}

const examples = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()

describe('golden traces (every example × build × mode × vendor)', () => {
  if (update) {
    rmSync(actualDir, { recursive: true, force: true })
    mkdirSync(goldenDir, { recursive: true })
  }

  for (const file of examples) {
    it(file, () => {
      const scenario = parseScenario(readFileSync(join(dir, file), 'utf8'), `examples/${file}`)
      checkGolden(file.replace(/\.yaml$/, '.jsonl'), exampleGolden(scenario))
    })
  }

  it('has no golden file without its example', () => {
    const expected = new Set([...examples.map((f) => f.replace(/\.yaml$/, '.jsonl')), fuzzGoldenName])
    const stale = readdirSync(goldenDir).filter((f) => !f.startsWith('.') && !expected.has(f))
    expect(stale).toEqual([])
  })
})

const fuzzGoldenName = `fuzz-${FUZZ.builds.join('-')}-seed-${FUZZ.seed}-${FUZZ.count}.jsonl`

describe('golden fuzz campaign', () => {
  it(`${FUZZ.builds.join(' vs ')}, seed ${FUZZ.seed}, ${FUZZ.count} cases: the clustered report`, async () => {
    // Timings vary from run to run; everything else is a function of the seed. One line per cluster.
    const { search_ms: _search, elapsed_ms: _elapsed, clusters, ...campaign } = await fuzzCampaign(runScenario, FUZZ)
    const lines = [json({ ...campaign, clusters: clusters.length }), ...clusters.map((cluster) => json(cluster))]
    checkGolden(fuzzGoldenName, `${lines.join('\n')}\n`)
  }, 60_000)
})
