import { describe, expect, it } from 'vitest'
import { DB_VECTOR, DF_VECTOR, GP_VECTOR } from './constants'
import { testVcpu } from './stub-cpu.test-support'

describe('kvm_multiple_exception', () => {
  it('PRE: kvm_queue_exception_p keeps the payload pending (docs/reference/kvm-db-semantics.md §2.3)', () => {
    const vcpu = testVcpu('pre')
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, 0x2000n)
    expect(vcpu.exception).toMatchObject({ pending: true, injected: false, vector: 1, has_payload: true, payload: 0x2000n })
    expect(vcpu.dr6).toBe(0xffff0ff0n)
  })
  it('OLD-BASE: delivers the payload at queue time outside guest mode', () => {
    const vcpu = testVcpu('old-base')
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, 0x2000n)
    expect(vcpu.exception).toMatchObject({ pending: true, has_payload: false, payload: 0n })
    expect(vcpu.dr6).toBe(0xffff2ff0n)
  })
  it('OLD-BASE: in guest mode the payload stays pending', () => {
    const vcpu = testVcpu('old-base', { l1: [] })
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, 0x2000n)
    expect(vcpu.exception.has_payload).toBe(true)
    expect(vcpu.dr6).toBe(0xffff0ff0n)
  })
  it('an L2 exception that L1 intercepts is morphed into exception_vmexit', () => {
    const vcpu = testVcpu('pre', { l1: [DB_VECTOR] })
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, 0x4000n)
    expect(vcpu.exception.pending).toBe(false)
    expect(vcpu.exception_vmexit).toMatchObject({ pending: true, vector: 1, has_payload: true, payload: 0x4000n })
  })
  it('contributory after contributory becomes #DF(0); anything after #DF is a triple fault', () => {
    const vcpu = testVcpu('pre')
    vcpu.fn.kvm_queue_exception_e(vcpu, GP_VECTOR, 0)
    vcpu.fn.kvm_queue_exception_e(vcpu, GP_VECTOR, 0)
    expect(vcpu.exception).toMatchObject({ vector: DF_VECTOR, has_error_code: true, error_code: 0 })
    vcpu.fn.kvm_queue_exception(vcpu, DB_VECTOR)
    expect(vcpu.triple_fault).toBe(true)
  })
  it('a benign exception replaces the pending one', () => {
    const vcpu = testVcpu('pre')
    vcpu.fn.kvm_queue_exception_e(vcpu, GP_VECTOR, 0)
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, 0x1n)
    expect(vcpu.exception).toMatchObject({ vector: 1, has_error_code: false, payload: 0x1n })
  })
})
