// Channel → validated payload → handler. Shared by register.ts (ipcMain) and the HTTP bridge.
import { isChannel, type Channel, type Handlers, type Req, type Res } from './contract'
import { parseRequest } from './schemas'

export type Dispatch = (channel: string, payload: unknown) => Promise<unknown>

export class UnknownChannelError extends Error {
  constructor(channel: string) {
    super(`unknown IPC channel '${channel}'`)
    this.name = 'UnknownChannelError'
  }
}

export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) throw new UnknownChannelError(channel)
    const request = parseRequest(channel, payload)
    return call(handlers, channel, request as Req<typeof channel>)
  }
}

function call<C extends Channel>(handlers: Handlers, channel: C, request: Req<C>): Promise<Res<C>> {
  const handler = handlers[channel] as (req: Req<C>) => Res<C> | Promise<Res<C>>
  return Promise.resolve(handler(request))
}
