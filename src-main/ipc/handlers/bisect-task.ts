// "Which patch changed this?" inside an engine worker: checks that side B's build is a later step of side A's
// series, then walks it with the engine's bisectSeries and keeps only what the UI shows (no traces).
import type { BuildInfo, Scenario, Vendor } from '@patchlab/emulator-core/types'
import type { BisectSummary, SideSpec } from '../contract'
import type { Engine } from './engine'

export type BisectOutcome = { applies: true; bisect: BisectSummary } | { applies: false; reason: string }

/** Why bisect cannot walk from A to B, or undefined when B's stack extends A's on the same base. */
export function bisectBlocker(a: SideSpec & { info: BuildInfo }, b: SideSpec & { info: BuildInfo }): string | undefined {
  if (a.mode !== b.mode) {
    return `side A runs in ${a.mode} mode and side B in ${b.mode}: the difference comes from the mode, not from a patch (bisect walks the builds in one mode)`
  }
  const extendsStack = (from: BuildInfo, to: BuildInfo) => from.base === to.base && from.stack.every((p, i) => to.stack[i] === p)
  if (a.info.base === b.info.base && a.info.stack.length === b.info.stack.length && extendsStack(a.info, b.info)) {
    return `both sides run the same build (${describe(a.info)}): there is no patch between them`
  }
  if (b.info.stack.length > a.info.stack.length && extendsStack(a.info, b.info)) return undefined
  if (a.info.stack.length > b.info.stack.length && extendsStack(b.info, a.info)) {
    return `side A (${a.build}) is a later step of the series than side B (${b.build}): swap the sides to walk from ${b.build} to ${a.build}`
  }
  return `${b.build} (${describe(b.info)}) does not extend ${a.build} (${describe(a.info)}): the two stacks are not steps of one series, so no single patch separates them`
}

export function bisectSides(engine: Engine, scenario: Scenario, sides: [SideSpec, SideSpec], vendor: Vendor | undefined): BisectOutcome {
  const [a, b] = sides.map((side) => ({ ...side, info: engine.resolveBuild(side.build) }))
  const reason = bisectBlocker(a, b)
  if (reason) return { applies: false, reason }
  const result = engine.bisect(scenario, { from: a.build, to: b.build, mode: a.mode, vendor })
  const first = result.first_change
  return {
    applies: true,
    bisect: {
      from: result.from,
      to: result.to,
      mode: result.mode,
      steps: result.steps.map((s) => ({ build: s.build, patch: s.patch, outcome: s.trace.outcome, change: s.change?.key })),
      firstChange: first && {
        patch: first.patch,
        subject: first.subject,
        commit: first.commit,
        before: first.before,
        after: first.after,
        signature: first.signature.key,
        diffs: first.diffs,
      },
    },
  }
}

function describe(build: BuildInfo): string {
  return [build.base, ...build.stack].join(' + ')
}
