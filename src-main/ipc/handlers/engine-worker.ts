// Worker-thread entry: loads the engine once, then answers one EngineTask per message, off the main thread.
import { parentPort } from 'node:worker_threads'
import { engine } from './engine'
import { runEngineTask, type EngineTask } from './engine-tasks'

parentPort?.on('message', (task: EngineTask) => parentPort?.postMessage(runEngineTask(engine, task)))
