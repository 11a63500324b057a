// Worker-thread entry: loads the engine once, then answers one EngineTask per message, off the main thread.
import { serveRequests } from '../../../emulator-core/src/node/serve-requests'
import { engine } from './engine'
import { runEngineTask, type EngineTask } from './engine-tasks'

serveRequests((task: EngineTask) => runEngineTask(engine, task))
