// `patchlab fuzz` when a worker dies mid-campaign: one clear line and exit 1, no stack, no hang.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WorkerCrashedError } from '../../node/worker-pool'

vi.mock('../../node/parallel-fuzz', () => ({
  fuzzCampaignParallel: async () => {
    throw new WorkerCrashedError('fuzz worker stopped (exit code 137) before answering')
  },
}))

afterEach(() => vi.restoreAllMocks())

describe('patchlab fuzz: a worker killed mid-campaign', () => {
  it('prints what happened and exits 1', async () => {
    const { default: fuzz } = await import('./fuzz')
    let err = ''
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
    expect(await fuzz.run(['--builds', 'pre,post', '--seed', '1', '--count', '50'])).toBe(1)
    expect(err).toBe('patchlab fuzz: fuzz worker stopped (exit code 137) before answering; the campaign stopped without a report\n')
  })
})
