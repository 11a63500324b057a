/**
 * `@patchlab/emulator-core/node`: the engine's Node-only entry points (worker threads, the parallel fuzz
 * search, the build catalogue exploration uses). Not for the renderer: these load node:worker_threads.
 */
export { buildCatalog, exploreEngine, type ExploreEngine } from './explore-engine'
export { fuzzCampaignParallel, searchParallel, type ParallelHooks, type ParallelSearch } from './parallel-fuzz'

/** The worker-thread entry that loads a TypeScript module (workerData.module, a file URL) through tsx. */
export const WORKER_BOOT_URL = /* @__PURE__ */ new URL('./worker-boot.mjs', import.meta.url)
