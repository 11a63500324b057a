// App figures (issue 4 §5). In Node: the handler path of Run (runs:compare over warm worker threads, the
// same code the app and the bridge call) for every example. In Chromium (measured by e2e/figures.spec.ts,
// read back here from .reports/app-figures.json): Run → painted comparison, 100,000-event first paint, scrolling.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ComparisonStore } from '../src-main/ipc/handlers/comparison-store'
import { EngineWorkers, nodeWorkerFactory } from '../src-main/ipc/handlers/engine-workers'
import { createRunsHandlers } from '../src-main/ipc/handlers/runs'
import type { Benchmark, Figure } from './figure'

const root = resolve(import.meta.dirname, '..')
const FIGURES_FILE = join(root, '.reports', 'app-figures.json')
const REPEATS = 5

const BROWSER_GOALS: Record<string, Figure['goal']> = {
  app_run_to_render_ms_median: { op: '<=', value: 100 },
  app_run_to_render_ms_max: { op: '<=', value: 100 },
  app_100k_first_paint_ms: { op: '<=', value: 1000 },
  app_100k_scroll_dropped_frames: { op: '<=', value: 0 },
}

function scenarioFiles(): string[] {
  const dir = join(root, 'examples')
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort().map((n) => join(dir, n)) : []
}

async function handlerFigures(): Promise<Figure[]> {
  const workers = new EngineWorkers(nodeWorkerFactory)
  const runs = createRunsHandlers({ workers, emit: () => undefined, comparisons: new ComparisonStore() })
  const times: number[] = []
  try {
    for (const file of scenarioFiles()) {
      const text = readFileSync(file, 'utf8')
      for (let i = 0; i <= REPEATS; i++) {
        const t0 = performance.now()
        const response = await runs['runs:compare']({ runId: `bench-${i}`, text, file, sides: [{ build: 'pre', mode: 'fep' }, { build: 'post', mode: 'fep' }] })
        // Repeat 0 warms the workers (tsx compiles the engine once per thread).
        if (i > 0 && response.ok) times.push(performance.now() - t0)
      }
    }
  } finally {
    await workers.close()
  }
  if (!times.length) return []
  times.sort((a, b) => a - b)
  return [
    { name: 'app_handler_compare_ms_median', value: times[Math.floor(times.length / 2)], goal: { op: '<=', value: 100 } },
    { name: 'app_handler_compare_ms_max', value: times[times.length - 1] },
  ]
}

function browserFigures(): Figure[] {
  if (!existsSync(FIGURES_FILE)) {
    process.stderr.write(`app: no ${FIGURES_FILE}; run \`npm run test:e2e\` to measure the browser figures\n`)
    return []
  }
  const { figures } = JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as { figures: Record<string, number> }
  return Object.entries(figures).map(([name, value]) => ({ name, value, goal: BROWSER_GOALS[name] }))
}

const bench: Benchmark = {
  title: 'app (handlers in Node; Chromium figures from the last e2e run)',
  async run() {
    return [...(await handlerFigures()), ...browserFigures()]
  },
}

export default bench
