// All handlers wired together; Electron main and the HTTP bridge both build theirs here.
import type { Handlers } from '../contract'
import { ComparisonStore } from './comparison-store'
import type { Engine } from './engine'
import { EngineWorkers, type WorkerFactory } from './engine-workers'
import { createExploreHandlers } from './explore'
import { FileAccess } from './file-access'
import { createFilesHandlers, stateFiles, type FileDialog } from './files'
import { createReportsHandlers } from './reports'
import { createRunsHandlers, type Emit } from './runs'
import { createScenariosHandlers } from './scenarios'

export interface HandlerDeps {
  engine: Engine
  spawn: WorkerFactory
  emit: Emit
  examplesDir: string
  dataDir: string
  dialog?: FileDialog
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const comparisons = new ComparisonStore()
  // Pages name files only under these roots, or files the user chose in a dialog.
  const access = new FileAccess([deps.examplesDir, deps.dataDir], stateFiles(deps.dataDir))
  const workers = new EngineWorkers(deps.spawn, undefined, undefined, () => access.policy)
  return {
    ...createScenariosHandlers({ engine: deps.engine, workers, examplesDir: deps.examplesDir }),
    ...createRunsHandlers({ workers, emit: deps.emit, comparisons }),
    ...createExploreHandlers({ workers, emit: deps.emit }),
    ...createReportsHandlers({ engine: deps.engine, comparisons }),
    ...createFilesHandlers({ dataDir: deps.dataDir, dialog: deps.dialog, access }),
  }
}

export type { Emit }
