export { NAMED_BUILDS, resolveBuild, isBuildId, type Build, type BuildIdSource } from './registry'
export { PATCHES } from './patches'
export { patchInfo, type PatchModule } from './patch-module'
export { loreLink, patchReferences, seriesPatch } from './patch-identity'
