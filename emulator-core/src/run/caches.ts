/**
 * The runner's process-wide memos, each with a name, a bound and a reset(). Building a runtime image
 * assembles 256 handler stubs and lays out 4 MiB, which costs far more than a run; it depends only on
 * CPL and the handler choices (and, for label handlers, on the program's symbols), so scenarios
 * share it (and its decoded handlers). Runs of the same scenario object share the whole GuestProgram,
 * and runs of a build share its resolved function table. Everything remembered is immutable.
 */
import type { Build } from '../builds/registry'
import type { GuestImage } from '../runtime'
import { type Cache, Memo, WeakMemo } from '../types/cache'
import type { Scenario } from '../types/scenario'
import type { GuestProgram } from './guest-program'

const builds = new Memo<string, Build>('run: resolved builds by id', 256)
const programs = new WeakMemo<Scenario, GuestProgram>('run: guest programs by scenario object', 1 << 14)
const images = new Memo<string, GuestImage>('run: runtime images by CPL, handlers and label symbols', 64)

/** resolve(id), remembered by id. */
export function sharedBuild(id: string, resolve: (id: string) => Build): Build {
  return builds.find(id) ?? builds.remember(id, resolve(id))
}

export function findProgram(scenario: Scenario): GuestProgram | undefined {
  return programs.find(scenario)
}

export function rememberProgram(scenario: Scenario, program: GuestProgram): void {
  programs.remember(scenario, program)
}

export function findRuntimeImage(key: string): GuestImage | undefined {
  return images.find(key)
}

export function rememberRuntimeImage(key: string, image: GuestImage): void {
  images.remember(key, image)
}

/** The runner's caches. */
export const runCaches: readonly Cache[] = [builds, programs, images]
