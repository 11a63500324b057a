import { describe, expect, it } from 'vitest'
import type { CompareResult } from '@patchlab/emulator-core/types'
import { ComparisonStore } from './comparison-store'
import { createReportsHandlers, UnknownRunError } from './reports'

const compare = {
  scenario: { name: 's3 use hw bp' },
  sides: [
    { build: 'pre', stack: [], mode: 'fep', vendor: 'intel' },
    { build: 'pre+v3-04', stack: ['v3-04'], mode: 'fep', vendor: 'intel' },
  ],
} as unknown as CompareResult

describe('reports handler', () => {
  const comparisons = new ComparisonStore(2)
  comparisons.put('run-1', compare)
  const reports = createReportsHandlers({ engine: { renderReport: (c, f) => `${f}:${c.scenario.name}` }, comparisons })

  it('renders the stored comparison and names the file after scenario and sides', async () => {
    expect(await reports['reports:render']({ runId: 'run-1', format: 'text' })).toEqual({ fileName: 's3_use_hw_bp-pre-fep-vs-pre+v3-04-fep.txt', text: 'text:s3 use hw bp' })
    expect((await reports['reports:render']({ runId: 'run-1', format: 'html' })).fileName).toMatch(/\.html$/)
  })

  it('prefers the scenario file stem over its display name', async () => {
    const store = new ComparisonStore()
    store.put('run-f', { ...compare, scenario: { name: 'S3: long title', file: '/x/examples/s03-gd.yaml' } })
    const named = createReportsHandlers({ engine: { renderReport: () => '' }, comparisons: store })
    expect((await named['reports:render']({ runId: 'run-f', format: 'md' })).fileName).toBe('s03-gd-pre-fep-vs-pre+v3-04-fep.md')
  })

  it('refuses unknown runs, and forgets the oldest beyond capacity', () => {
    expect(() => reports['reports:render']({ runId: 'nope', format: 'md' })).toThrow(UnknownRunError)
    comparisons.put('run-2', compare)
    comparisons.put('run-3', compare)
    expect(comparisons.get('run-1')).toBeUndefined()
    expect(comparisons.get('run-3')).toBe(compare)
  })
})
