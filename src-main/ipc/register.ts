// The single place that touches ipcMain: every channel gets a sender check, then the validated dispatch.
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { CHANNELS } from './contract'
import type { Dispatch } from './dispatch'

export class UntrustedSenderError extends Error {
  constructor(channel: string, url: string | undefined) {
    super(`${channel}: refused IPC from untrusted frame '${url ?? '(none)'}'`)
    this.name = 'UntrustedSenderError'
  }
}

/** Registers every contract channel; isTrusted decides from the sending frame's URL. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch, isTrusted: (url: string | undefined) => boolean): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const url = event.senderFrame?.url
      if (!isTrusted(url)) throw new UntrustedSenderError(channel, url)
      return dispatch(channel, payload)
    })
  }
}
