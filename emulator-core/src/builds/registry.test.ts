import { describe, expect, it } from 'vitest'
import { InputErrors } from '../types/run'
import { preFunctions } from './base-pre'
import { NAMED_BUILDS, resolveBuild } from './registry'
import { PATCHES } from './patches'
import { patchInfo } from './patch-module'

describe('builds as base + patch stack', () => {
  it('post is pre plus v3-01..v3-07 in series order', () => {
    expect(resolveBuild('post').stack).toEqual(['v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05', 'v3-06', 'v3-07'])
    expect(resolveBuild('post').base).toBe('pre')
  })
  it('names every build the task lists', () => {
    expect(NAMED_BUILDS.map((b) => b.id)).toEqual([
      'old-base', 'pre', 'v2-02', 'v2-02-review', 'v3-01', 'v3-02', 'v3-03', 'v3-04', 'v3-05', 'v3-06', 'v3-07', 'post',
    ])
  })
  it('a patch replaces only the functions it lists; pre keeps the base table', () => {
    const pre = resolveBuild('pre').functions
    expect(pre).toEqual(preFunctions)
    const v305 = resolveBuild('pre+v3-05').functions
    const changed = Object.keys(preFunctions).filter((k) => v305[k as keyof typeof v305] !== pre[k as keyof typeof pre])
    expect(changed.sort()).toEqual(['kvm_is_code_breakpoint_inhibited', 'kvm_vcpu_check_code_breakpoint'])
  })
  it('v3-07 removes kvm_vcpu_do_singlestep', () => {
    expect(resolveBuild('v3-06').functions.kvm_vcpu_do_singlestep).toBeDefined()
    expect(resolveBuild('v3-07').functions.kvm_vcpu_do_singlestep).toBeUndefined()
  })
  it('patch listings carry subject, commit and overrides', () => {
    const v305 = patchInfo(PATCHES.find((p) => p.id === 'v3-05')!)
    expect(v305).toMatchObject({ commit: '00b6520669bc', subject: 'KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when checking for code breakpoints in emulation' })
    expect(v305.overrides).toEqual(['kvm_is_code_breakpoint_inhibited', 'kvm_vcpu_check_code_breakpoint'])
  })
  it('an unknown build or patch is an InputErrors naming it and the known ones', () => {
    const at = { file: 'x.yaml', line: 3, column: 5, key: 'expect.pre+v9' }
    let error: unknown
    try {
      resolveBuild('prx+v9', at)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputErrors)
    const errors = (error as InputErrors).errors
    expect(errors.map((e) => [e.file, e.line, e.column, e.key])).toEqual([['x.yaml', 3, 5, 'expect.pre+v9'], ['x.yaml', 3, 5, 'expect.pre+v9']])
    expect(errors[0].message).toMatch(/^unknown build 'prx' \(known: old-base, pre, v2-02/)
    expect(errors[1].message).toMatch(/^unknown patch 'v9' \(known: v2-02, v2-02-review, v3-01/)
  })
})
