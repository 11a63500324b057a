import type { KvmFunctions } from '../kvm/functions'
import type { PatchInfo } from '../types/build'

/** One kernel patch: its identity and the kernel functions it replaces (only those the patch changed). */
export interface PatchModule extends Omit<PatchInfo, 'overrides'> {
  /** Replacement functions by kernel name; `undefined` removes a function (v3-07 drops one). */
  overrides: Partial<KvmFunctions>
}

/** The PatchInfo of a module, for listings. */
export function patchInfo(patch: PatchModule): PatchInfo {
  const info: PatchInfo = { id: patch.id, subject: patch.subject, overrides: Object.keys(patch.overrides), effect: patch.effect }
  if (patch.commit !== undefined) info.commit = patch.commit
  if (patch.messageId !== undefined) info.messageId = patch.messageId
  if (patch.origin !== undefined) info.origin = patch.origin
  return info
}
