import { describe, expect, it } from 'vitest'
import { isTrustedAppUrl } from '../security'
import { CHANNELS } from './contract'
import { registerIpc, UntrustedSenderError } from './register'

type Listener = (event: { senderFrame: { url: string } | null }, payload: unknown) => unknown

function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  return { handlers, ipcMain: { handle: (channel: string, listener: Listener) => void handlers.set(channel, listener) } }
}

describe('registerIpc', () => {
  const calls: Array<[string, unknown]> = []
  const { handlers, ipcMain } = fakeIpcMain()
  registerIpc(ipcMain as never, async (channel, payload) => (calls.push([channel, payload]), 'ok'), (url) => isTrustedAppUrl(url))

  it('registers exactly the contract channels', () => {
    expect([...handlers.keys()]).toEqual([...CHANNELS])
  })

  it('dispatches a request from the app:// page', async () => {
    const listener = handlers.get('builds:list') as Listener
    await expect(listener({ senderFrame: { url: 'app://lab/index.html' } }, {})).resolves.toBe('ok')
    expect(calls).toEqual([['builds:list', {}]])
  })

  it.each(['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'http://127.0.0.1:5173/', ''])('refuses a frame at %j', (url) => {
    const listener = handlers.get('files:save-text') as Listener
    expect(() => listener({ senderFrame: { url } }, { path: '/tmp/x', text: '' })).toThrow(UntrustedSenderError)
  })

  it('refuses an event without a sender frame', () => {
    const listener = handlers.get('builds:list') as Listener
    expect(() => listener({ senderFrame: null }, {})).toThrow("builds:list: refused IPC from untrusted frame '(none)'")
  })
})
