// Worker-thread entry: lets a worker load TypeScript through tsx, then runs the module named in
// workerData.module (a file URL). Plain .mjs because nothing has registered tsx in a new thread yet.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.module)
