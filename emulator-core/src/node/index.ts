/**
 * `@patchlab/emulator-core/node`: the engine's Node-only entry points (worker threads, the parallel fuzz
 * search, the build catalogue exploration uses). Not for the renderer: these load node:worker_threads.
 */
export { buildCatalog, exploreEngine, type ExploreEngine } from './explore-engine'
export { fuzzCampaignParallel, searchParallel, type ParallelHooks, type ParallelSearch } from './parallel-fuzz'
export { writeFileAtomic, WriteFailedError, type AtomicWriteOptions } from './atomic-write'
export { serveRequests, type Answer } from './serve-requests'
export { TaskCancelledError, typeScriptWorker, WORKER_BOOT_URL, WorkerCrashedError, WorkerPool, WorkerTaskError, type PoolOptions, type PoolTask, type SpawnWorker } from './worker-pool'
