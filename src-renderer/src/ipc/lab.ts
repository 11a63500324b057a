// The renderer's one way to reach the handlers: the preload's window.lab, or the HTTP bridge in browser mode.
import { createLabApi, type LabBridge } from '../../../src-main/ipc/contract'
import { createHttpBridge } from './http-bridge'

export const bridge: LabBridge = window.lab ?? createHttpBridge()
export const api = createLabApi(bridge.invoke)
