// Worker-thread entry for fuzz campaigns: loads the run function named in workerData.runner and
// answers ExploreTasks with the same pure functions the in-thread campaign uses.
import { workerData } from 'node:worker_threads'
import { finishCluster, fuzzChunk, type RunFn } from '../explore'
import { WARM_UP_CASES, type ExploreAnswer, type ExploreTask, type RunnerRef } from './explore-tasks'
import { serveRequests } from './serve-requests'

const runner = (workerData as { runner: RunnerRef }).runner
const run = ((await import(runner.module)) as Record<string, RunFn>)[runner.export]
if (typeof run !== 'function') throw new Error(`${runner.module} does not export a function '${runner.export}'`)

serveRequests<ExploreTask, ExploreAnswer>((task) => {
  switch (task.kind) {
    // A campaign smaller than the warm-up only warms on its own cases.
    case 'warm': return fuzzChunk(run, task.options, 0, Math.min(WARM_UP_CASES, task.options.count ?? WARM_UP_CASES))
    case 'chunk': return fuzzChunk(run, task.options, task.start, task.end)
    case 'finish': return finishCluster(run, task.options, task.cluster)
  }
})
