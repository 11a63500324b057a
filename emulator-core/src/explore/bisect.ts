import { compareTraces } from '../compare'
import type { BuildInfo, FieldDiff, PatchInfo, RunMode, Scenario, Trace, Vendor } from '../types'
import type { RunFn } from './run-fn'
import { divergenceSignature, type DivergenceSignature } from './signature'

/** What bisect needs to know about builds: the engine's build list. */
export interface BuildCatalog {
  /** Resolves a build id, including custom stacks such as `pre+v3-05`; throws on an unknown id. */
  resolve(id: string): BuildInfo
  /** The named builds, so a step can be called `v3-04` rather than `pre+v3-01+…+v3-04`. */
  builds: readonly BuildInfo[]
  patch(id: string): PatchInfo | undefined
}

export interface BisectOptions {
  from: string
  to: string
  mode?: RunMode
  vendor?: Vendor
}

/** One build of the walk: `from`, then one more patch of the stack at each step. */
export interface BisectStep {
  build: string
  /** The patch this step adds (absent for the first step). */
  patch?: string
  trace: Trace
  /** How this step's result differs from the previous step's, if it does. */
  change?: DivergenceSignature
}

export interface BisectResult {
  from: string
  to: string
  mode: RunMode
  steps: BisectStep[]
  /** The first patch whose build changes the observable result, with before/after values. */
  first_change?: {
    patch: string
    subject?: string
    commit?: string
    before: string
    after: string
    signature: DivergenceSignature
    diffs: FieldDiff[]
  }
}

/**
 * Walks the cumulative patch stack from `from` to `to` (`to`'s stack must extend `from`'s) and
 * names the first patch whose build changes the observable result. Every step is run, not a
 * binary search: a series can change a result and change it back, and the app shows each step.
 */
export function bisectSeries(run: RunFn, catalog: BuildCatalog, scenario: Scenario, options: BisectOptions): BisectResult {
  const mode = options.mode ?? 'fep'
  const from = catalog.resolve(options.from)
  const to = catalog.resolve(options.to)
  const extendsFrom = from.base === to.base && from.stack.every((p, i) => to.stack[i] === p) && to.stack.length >= from.stack.length
  if (!extendsFrom) {
    throw new RangeError(`build '${to.id}' (${describeStack(to)}) does not extend '${from.id}' (${describeStack(from)}): nothing to walk`)
  }
  const patches = to.stack.slice(from.stack.length)
  const steps: BisectStep[] = []
  for (let k = 0; k <= patches.length; k++) {
    const build = k === 0 ? from.id : k === patches.length ? to.id : stepName(catalog, from, patches.slice(0, k))
    const trace = run(scenario, { build, mode, vendor: options.vendor })
    const step: BisectStep = { build, trace }
    if (k > 0) {
      step.patch = patches[k - 1]
      step.change = divergenceSignature(steps[k - 1].trace, trace)
    }
    steps.push(step)
  }
  const result: BisectResult = { from: from.id, to: to.id, mode, steps }
  const changed = steps.findIndex((s) => s.change !== undefined)
  if (changed > 0) {
    const before = steps[changed - 1]
    const after = steps[changed]
    const info = catalog.patch(after.patch!)
    result.first_change = {
      patch: after.patch!,
      subject: info?.subject,
      commit: info?.commit,
      before: before.build,
      after: after.build,
      signature: after.change!,
      diffs: compareTraces({ name: scenario.name }, before.trace, after.trace).result_diffs,
    }
  }
  return result
}

/** A named build with exactly this stack if there is one, else the custom-stack id `from+p1+p2…`. */
function stepName(catalog: BuildCatalog, from: BuildInfo, added: string[]): string {
  const stack = [...from.stack, ...added]
  const named = catalog.builds.find((b) => b.base === from.base && b.stack.length === stack.length && b.stack.every((p, i) => p === stack[i]))
  return named ? named.id : [from.id, ...added].join('+')
}

function describeStack(build: BuildInfo): string {
  return [build.base, ...build.stack].join(' + ')
}
