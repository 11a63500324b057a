/// <reference types="vite/client" />
import type { LabBridge } from '../../src-main/ipc/contract'

declare global {
  interface Window {
    /** Present in Electron (the preload); absent in browser mode, where ipc/http-bridge.ts stands in. */
    lab?: LabBridge
  }
}

export {}
