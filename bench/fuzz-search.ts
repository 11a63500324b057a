// Child process of explore.bench.ts: one fuzz search (no minimization) on every core this process
// may use, printed as JSON. A separate process so the bench can give it one core (taskset) or all.
import { availableParallelism } from 'node:os'
import { searchParallel } from '@patchlab/emulator-core/node'

const casesPerWorker = Number(process.argv[2])
const jobs = availableParallelism()
const { tally, searchMs, searchCpuMs } = await searchParallel({ builds: ['pre', 'post'], seed: 2026, count: casesPerWorker * jobs }, { jobs })
process.stdout.write(`${JSON.stringify({ jobs, cases: tally.cases, searchMs, searchCpuMs })}\n`)
