// Worker-thread entry: loads the engine once, then answers one EngineTask per message, off the main thread.
import { serveRequests } from '@patchlab/emulator-core/node'
import { engine } from './engine'
import { runEngineTask, type EngineTask } from './engine-tasks'

serveRequests((task: EngineTask) => runEngineTask(engine, task))
