import type { PatchInfo } from '../types/build'
import { PATCHES } from './patches'
import { patchInfo } from './patch-module'

/** The lore link of a posted patch, as b4 writes it into trailers. */
export function loreLink(messageId: string): string {
  return `https://lore.kernel.org/r/${messageId.replace(/^<|>$/g, '')}`
}

/** A patch of the series by id, from the one table of patches (builds/patches). */
export function seriesPatch(id: string): PatchInfo | undefined {
  const module = PATCHES.find((p) => p.id === id)
  return module && patchInfo(module)
}

/** Where a patch can be found: `commit 00b6520669bc`, `Link: https://lore.kernel.org/r/…`, or its origin. */
export function patchReferences(patch: PatchInfo): string[] {
  const refs: string[] = []
  if (patch.commit) refs.push(`commit ${patch.commit}`)
  if (patch.messageId) refs.push(`Link: ${loreLink(patch.messageId)}`)
  if (!refs.length && patch.origin) refs.push(patch.origin)
  return refs
}
