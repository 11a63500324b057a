import { describe, expect, it } from 'vitest'
import type { BuildListing } from '../../../src-main/ipc/contract'
import { buildOptions } from './build-options'

const builds: BuildListing[] = [
  { id: 'pre', base: 'pre', stack: [], description: 'merge base of the series' },
  { id: 'v3-05', base: 'pre', stack: ['v3-01', 'v3-05'], description: 'merged series through v3-05', subject: 'KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP for code breakpoints' },
  { id: 'post', base: 'pre', stack: ['v3-01', 'v3-05'], description: 'the merged series (= v3-07)' },
]

describe('buildOptions', () => {
  it('lists every build with its patch subject, or its description when it adds no patch of its own', () => {
    expect(buildOptions(builds, '').map((o) => o.label)).toEqual([
      'pre — merge base of the series',
      'v3-05 — KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP for code breakpoints',
      'post — the merged series (= v3-07)',
    ])
  })
  it('filters by id or subject, and shows the whole list when the field holds an exact id', () => {
    expect(buildOptions(builds, 'code break').map((o) => o.value)).toEqual(['v3-05'])
    expect(buildOptions(builds, 'post')).toHaveLength(3)
  })
  it('after a +, offers the patches that extend the stack', () => {
    expect(buildOptions(builds, 'pre+v3')).toEqual([
      { value: 'pre+v3-05', label: '+v3-05 — KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP for code breakpoints', title: 'pre with patch v3-05 added on top' },
    ])
  })
})
