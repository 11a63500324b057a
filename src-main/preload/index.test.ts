import { beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS, EVENTS, type LabBridge } from '../ipc/contract'

const exposed: Record<string, unknown> = {}
const invoke = vi.fn((channel: string, req: unknown) => Promise.resolve({ channel, req }))
const on = vi.fn()
const removeListener = vi.fn()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: { invoke, on, removeListener },
}))

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules()
    await import('./index')
  })

  it('exposes only window.lab with platform, invoke and on', () => {
    expect(Object.keys(exposed)).toEqual(['lab'])
    expect(Object.keys(exposed.lab as object).sort()).toEqual(['invoke', 'on', 'platform'])
    expect((exposed.lab as LabBridge).platform).toBe('electron')
  })

  it('forwards every contract channel to ipcRenderer.invoke', async () => {
    const lab = exposed.lab as LabBridge
    for (const channel of CHANNELS) await lab.invoke(channel, {} as never)
    expect(invoke.mock.calls.map((c) => c[0])).toEqual([...CHANNELS])
  })

  it('rejects a channel outside the allowlist without touching ipcRenderer', async () => {
    invoke.mockClear()
    const lab = exposed.lab as { invoke: (c: string, r: unknown) => Promise<unknown> }
    await expect(lab.invoke('fs:rm-rf', {})).rejects.toThrow("channel 'fs:rm-rf' is not allowed")
    expect(invoke).not.toHaveBeenCalled()
  })

  it("passes main's error message on without Electron's wrapping or the error class", async () => {
    invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'runs:compare': PayloadError: runs:compare: invalid request: sides[0].build: give a build (e.g. pre, post or pre+v3-05)"))
    const lab = exposed.lab as LabBridge
    await expect(lab.invoke('runs:compare', {} as never)).rejects.toThrow(/^runs:compare: invalid request: sides\[0\]\.build: give a build \(e\.g\. pre, post or pre\+v3-05\)$/)
  })

  it('subscribes to allowlisted events only, and unsubscribes the same listener', () => {
    const lab = exposed.lab as LabBridge
    const off = lab.on(EVENTS[0], () => undefined)
    expect(on).toHaveBeenCalledWith('runs:progress', expect.any(Function))
    off()
    expect(removeListener).toHaveBeenCalledWith('runs:progress', on.mock.calls[0][1])
    expect(() => (lab.on as (e: string, l: () => void) => void)('ipc:anything', () => undefined)).toThrow("event 'ipc:anything' is not allowed")
  })
})
