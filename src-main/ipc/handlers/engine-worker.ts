// Worker-thread entry: loads the engine once, then answers one EngineTask per message, off the main thread.
// A fuzz campaign is the one long task: it posts progress, and a `fuzz-stop` message ends it early.
import { parentPort } from 'node:worker_threads'
import { engine } from './engine'
import { failed, runEngineTask, type EngineTask, type EngineWorkerMessage, type StopCampaign } from './engine-tasks'
import { runFuzzTask } from './fuzz-task'

let campaign: AbortController | undefined
const post = (message: EngineWorkerMessage) => parentPort?.postMessage(message)

parentPort?.on('message', (task: EngineTask | StopCampaign) => {
  if (task.task === 'fuzz-stop') return campaign?.abort()
  if (task.task !== 'fuzz') return post(runEngineTask(engine, task))
  const controller = (campaign = new AbortController())
  runFuzzTask(engine, task, controller.signal, (progress) => post({ progress })).then(
    (value) => post({ ok: true, value }),
    (e: unknown) => post(failed(e)),
  )
})
