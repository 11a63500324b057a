/**
 * `@patchlab/emulator-core/patch-api`: what a patch module is written against and how builds are composed
 * from patches (docs/architecture.md, "Adding a patch module"). A patch module overrides entries of the
 * kernel function table; a build is a base table with a stack of patches applied in order.
 */
export type { KvmFunctions } from '../kvm/functions'
export type { KvmVcpu } from '../kvm/vcpu'
export type { EmulateCtxt } from '../kvm/emulate-ctxt'
export type { EmulatorOps } from '../kvm/emulator-ops'
export type { BuildInfo, PatchInfo } from '../types/build'
export { NAMED_BUILDS, PATCHES, patchInfo, resolveBuild, isBuildId, type Build, type BuildIdSource, type PatchModule } from '.'
