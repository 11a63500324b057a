import { describe, expect, it } from 'vitest'
import type { Handlers } from './contract'
import { createDispatch, UnknownChannelError } from './dispatch'
import { PayloadError } from './schemas'

const handlers = {
  'runs:cancel': ({ runId }: { runId: string }) => ({ cancelled: runId === 'run-1' }),
  'files:save-binary': ({ bytes }: { bytes: number[] }) => ({ path: `/tmp/${bytes.length}` }),
} as unknown as Handlers

describe('createDispatch', () => {
  const dispatch = createDispatch(handlers)

  it('validates, then calls the channel handler', async () => {
    await expect(dispatch('runs:cancel', { runId: 'run-1' })).resolves.toEqual({ cancelled: true })
  })

  it('rejects unknown channels', async () => {
    await expect(dispatch('shell:exec', {})).rejects.toBeInstanceOf(UnknownChannelError)
  })

  it('rejects payloads that break the schema, naming the key', async () => {
    await expect(dispatch('runs:cancel', { runId: '../../etc' })).rejects.toBeInstanceOf(PayloadError)
    await expect(dispatch('runs:cancel', { runId: 'ok', extra: 1 })).rejects.toThrow(/runs:cancel: invalid request/)
    await expect(dispatch('files:save-binary', { path: '/tmp/x', bytes: [0, 256] })).rejects.toThrow("files:save-binary: invalid request: bytes[1]: must be at most 255")
  })

  it('asks a fuzz campaign for exactly one budget, count or time', async () => {
    const campaign = { runId: 'f-1', builds: ['pre', 'post'], seed: 1 }
    await expect(dispatch('explore:fuzz', campaign)).rejects.toThrow('explore:fuzz: invalid request: count: give one budget: count or timeMs')
    await expect(dispatch('explore:fuzz', { ...campaign, count: 10, timeMs: 1000 })).rejects.toThrow('give one budget: count or timeMs')
    await expect(dispatch('explore:fuzz', { ...campaign, count: 10, seed: -1 })).rejects.toThrow(/seed/)
    await expect(dispatch('explore:bisect', { runId: 'b-1', text: 'x', file: 'x.yaml', sides: [{ build: 'pre', mode: 'fep' }] })).rejects.toThrow(/sides/)
  })
})
