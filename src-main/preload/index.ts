// The only bridge into the sandboxed renderer: an allowlisted invoke and on. ipcRenderer itself never leaves.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isChannel, isEventName, type LabBridge } from '../ipc/contract'

const lab: LabBridge = {
  platform: 'electron',
  invoke: (channel, req) => {
    if (!isChannel(channel)) return Promise.reject(new Error(`channel '${String(channel)}' is not allowed`))
    return ipcRenderer.invoke(channel, req).catch((e: unknown) => {
      throw new Error(mainMessage(e))
    })
  },
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error(`event '${String(event)}' is not allowed`)
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  },
}

/** Electron wraps main's errors as "Error invoking remote method 'x': PayloadError: …"; the page shows only the message. */
function mainMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '')
}

contextBridge.exposeInMainWorld('lab', lab)
