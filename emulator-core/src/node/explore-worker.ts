// Worker-thread entry for fuzz campaigns: loads the run function named in workerData.runner and
// answers ExploreTasks with the same pure functions the in-thread campaign uses.
import { workerData } from 'node:worker_threads'
import { finishCluster, fuzzChunk, type RunFn } from '../explore'
import type { ExploreAnswer, ExploreTask, RunnerRef } from './explore-tasks'
import { serveRequests } from './serve-requests'

const runner = (workerData as { runner: RunnerRef }).runner
const run = ((await import(runner.module)) as Record<string, RunFn>)[runner.export]
if (typeof run !== 'function') throw new Error(`${runner.module} does not export a function '${runner.export}'`)

serveRequests<ExploreTask, ExploreAnswer>((task) =>
  task.kind === 'chunk' ? fuzzChunk(run, task.options, task.start, task.end) : finishCluster(run, task.options, task.cluster),
)
