// Worker-thread entry: runs one EngineTask off the main thread and posts the result back.
import { parentPort, workerData } from 'node:worker_threads'
import { engine } from './engine'
import type { EngineWorkerData } from './engine-job'
import { runEngineTask } from './engine-tasks'

parentPort?.postMessage(runEngineTask(engine, (workerData as EngineWorkerData).task))
