// What a comparison was run on (scenario text, file, both sides, vendor, knobs, budget), and whether the
// editor and the pickers still say the same: a result is shown as current only while they do.
import type { RunRequest } from '../../../src-main/ipc/contract'

export type RunInput = Omit<RunRequest, 'runId'>

/** Why the result on screen no longer describes what the editor and the pickers say. */
export type StaleReason = 'edited' | 'other-scenario' | 'builds' | 'settings' | 'failed' | 'cancelled'

export const STALE_TEXT: Record<StaleReason, string> = {
  edited: 'the scenario was edited since',
  'other-scenario': 'another scenario is open',
  builds: 'a build or mode changed since',
  settings: 'the vendor, a KVM knob or the budget changed since',
  failed: 'the last run failed',
  cancelled: 'the last run was cancelled',
}

/** The first difference between the input that produced a result and the current one, if any. */
export function inputChange(produced: RunInput, now: RunInput): StaleReason | undefined {
  if (produced.file !== now.file) return 'other-scenario'
  if (produced.text !== now.text) return 'edited'
  const sides = (i: RunInput) => i.sides.map((s) => `${s.build.trim()}/${s.mode}`).join(' ')
  if (sides(produced) !== sides(now)) return 'builds'
  const settings = (i: RunInput) => JSON.stringify([i.vendor ?? null, i.knobs ?? {}, i.instructionBudget ?? null])
  if (settings(produced) !== settings(now)) return 'settings'
  return undefined
}

/** A key for "the same input": error banners belong to the input that produced them. */
export function inputKey(input: RunInput): string {
  return JSON.stringify([input.file, input.text, input.sides, input.vendor ?? null, input.knobs ?? {}, input.instructionBudget ?? null])
}
