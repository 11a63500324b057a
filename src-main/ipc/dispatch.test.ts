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
    await expect(dispatch('files:save-binary', { path: '/tmp/x', bytes: [0, 256] })).rejects.toThrow(/bytes\.1/)
  })
})
