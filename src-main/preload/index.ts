// The only bridge into the sandboxed renderer: an allowlisted invoke and on. ipcRenderer itself never leaves.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isChannel, isEventName, type LabBridge } from '../ipc/contract'

const lab: LabBridge = {
  platform: 'electron',
  invoke: (channel, req) => {
    if (!isChannel(channel)) return Promise.reject(new Error(`channel '${String(channel)}' is not allowed`))
    return ipcRenderer.invoke(channel, req)
  },
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error(`event '${String(event)}' is not allowed`)
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  },
}

contextBridge.exposeInMainWorld('lab', lab)
