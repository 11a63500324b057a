// Browser mode transport: the same contract as the preload, over the local HTTP bridge (src-main/bridge).
import { isEventName, type EventName, type Invoke, type LabBridge, type LabEvents } from '../../../src-main/ipc/contract'

const TOKEN_HEADER = 'x-patchlab-token'

/** The token arrives once in the printed URL; keep it for reloads of this tab, then drop it from the address bar. */
function bridgeToken(): string {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem('patchlab.token', fromUrl)
    history.replaceState(null, '', location.pathname)
    return fromUrl
  }
  return sessionStorage.getItem('patchlab.token') ?? ''
}

export function createHttpBridge(): LabBridge {
  const token = bridgeToken()
  const invoke: Invoke = async (channel, req) => {
    const response = await fetch(`/__ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(req),
    })
    const body = (await response.json()) as { value?: unknown; error?: string }
    if (!response.ok) throw new Error(body.error ?? `${channel}: HTTP ${response.status}`)
    return body.value as never
  }
  let source: EventSource | undefined
  return {
    platform: 'browser',
    invoke,
    on<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void) {
      if (!isEventName(event)) throw new Error(`unknown event '${String(event)}'`)
      source ??= new EventSource(`/__events?token=${encodeURIComponent(token)}`)
      const handler = (e: MessageEvent<string>) => listener(JSON.parse(e.data) as LabEvents[E])
      source.addEventListener(event, handler as EventListener)
      return () => source?.removeEventListener(event, handler as EventListener)
    },
  }
}
