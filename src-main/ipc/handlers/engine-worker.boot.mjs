// Node-only entry (tests, the HTTP bridge): lets a worker thread load the TypeScript worker through tsx.
// In Electron the worker is bundled by electron-vite instead (see src-main/index.ts).
import { register } from 'tsx/esm/api'

register()
await import('./engine-worker.ts')
