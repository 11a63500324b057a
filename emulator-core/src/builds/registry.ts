import type { KvmFunctions } from '../kvm/functions'
import type { BuildInfo } from '../types/build'
import { InputErrors, type InputError } from '../types/run'
import { oldBaseFunctions } from './base-old'
import { preFunctions } from './base-pre'
import type { PatchModule } from './patch-module'
import { PATCHES } from './patches'

const BASES = { 'old-base': oldBaseFunctions, pre: preFunctions } as const
type BaseId = keyof typeof BASES

const SERIES = ['v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05', 'v3-06', 'v3-07']

/** The named builds: bases, the v2 variants, the cumulative v3 stacks and `post`. */
export const NAMED_BUILDS: readonly BuildInfo[] = [
  { id: 'old-base', base: 'old-base', stack: [], description: 'tree v1/v2 were written against (kvm-x86 @ 042007c262e5): payload delivered at queue time outside guest mode' },
  { id: 'pre', base: 'pre', stack: [], description: 'merge base of the series: deferred payload delivery, GET_* payload quirk' },
  { id: 'v2-02', base: 'pre', stack: ['v2-02'], description: 'v2 2/9 as posted: kvm_queue_exception_e(vcpu, DB_VECTOR, ex->dr6) (buggy)' },
  { id: 'v2-02-review', base: 'pre', stack: ['v2-02-review'], description: "v2 2/9 with Sean's requested payload_valid dispatch" },
  ...SERIES.map((id, i): BuildInfo => ({
    id, base: 'pre', stack: SERIES.slice(0, i + 1), description: `merged series through ${id}`,
  })),
  { id: 'post', base: 'pre', stack: [...SERIES], description: 'the merged series (= v3-07)' },
]

/** A resolved build: its identity and its function table. */
export interface Build extends BuildInfo {
  functions: KvmFunctions
}

/** Where a build id came from, so an unknown one can be reported at that spot. */
export interface BuildIdSource {
  file: string
  line: number
  column: number
  key?: string
}

function unknown(what: string, name: string, known: string[], at: BuildIdSource): InputError {
  return { ...at, message: `unknown ${what} '${name}' (known: ${known.join(', ')})` }
}

/**
 * Resolves a build id: a named build (`pre`, `v3-04`, `post`) or a custom stack `<build>+<patch>+…`
 * (e.g. `pre+v3-05`, `old-base+v3-03`). Throws InputErrors naming an unknown build or patch.
 */
export function resolveBuild(id: string, at: BuildIdSource = { file: '<build>', line: 1, column: 1 }): Build {
  const [head, ...patchIds] = id.split('+').map((s) => s.trim())
  const named = NAMED_BUILDS.find((b) => b.id === head)
  const errors: InputError[] = []
  if (!named) errors.push(unknown('build', head, NAMED_BUILDS.map((b) => b.id), at))
  const patches: PatchModule[] = []
  for (const patchId of patchIds) {
    const patch = PATCHES.find((p) => p.id === patchId)
    if (patch) patches.push(patch)
    else errors.push(unknown('patch', patchId, PATCHES.map((p) => p.id), at))
  }
  if (!named || errors.length) throw new InputErrors(errors)
  const stack = [...named.stack, ...patches.map((p) => p.id)]
  return {
    id,
    base: named.base,
    stack,
    description: patchIds.length ? `${named.description}, plus ${patchIds.join(', ')}` : named.description,
    functions: applyStack(named.base, stack),
  }
}

/** Base table with each patch's overrides applied in order. */
function applyStack(base: BaseId, stack: string[]): KvmFunctions {
  let table: KvmFunctions = { ...BASES[base] }
  for (const id of stack) {
    const patch = PATCHES.find((p) => p.id === id)
    if (patch) table = { ...table, ...patch.overrides }
  }
  return table
}

/** Whether a string names a build (named or a valid custom stack). */
export function isBuildId(id: string): boolean {
  try {
    resolveBuild(id)
    return true
  } catch {
    return false
  }
}
