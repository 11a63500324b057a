import { describe, expect, it } from 'vitest'
import { DB_VECTOR, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_INJECT_DB } from './constants'
import { testVcpu } from './stub-cpu.test-support'
import {
  EBUSY, kvm_arch_vcpu_ioctl_set_guest_debug, kvm_vcpu_ioctl_x86_get_debugregs, kvm_vcpu_ioctl_x86_get_vcpu_events,
  kvm_vcpu_ioctl_x86_set_debugregs, kvm_vcpu_ioctl_x86_set_vcpu_events,
} from './x86-ioctls'

// Expected values: docs/reference/kvm-db-semantics.md §2.11 and §4 S2/S2b/S2c (the pending GD #DB with payload 0x2000).
describe('vcpu-events and debugregs ioctls around a pending #DB payload', () => {
  it('S2 (cap on): payload stays pending; events report pending=1, has_payload=1, payload 0x2000, flags has 0x10', () => {
    const vcpu = testVcpu('post', { exceptionPayload: true })
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, 0x2000n)
    expect(kvm_vcpu_ioctl_x86_get_debugregs(vcpu).dr6).toBe(0xffff0ff0n)
    const events = kvm_vcpu_ioctl_x86_get_vcpu_events(vcpu)
    expect(events).toMatchObject({ pending: 1, injected: 0, nr: 1, has_error_code: 0, exception_has_payload: 1, exception_payload: 0x2000n })
    expect(events.flags & 0x10).toBe(0x10)
  })
  it('S2b (cap off): the payload quirk delivers on GET; pending is reported as injected', () => {
    const vcpu = testVcpu('post')
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, 0x2000n)
    const events = kvm_vcpu_ioctl_x86_get_vcpu_events(vcpu)
    expect(events).toMatchObject({ injected: 1, nr: 1, exception_has_payload: 0, exception_payload: 0n })
    expect(events.flags & 0x10).toBe(0)
    expect(vcpu.dr6).toBe(0xffff2ff0n)
  })
  it('KVM_SET_DEBUGREGS stores DR6 without masking', () => {
    const vcpu = testVcpu('pre')
    expect(kvm_vcpu_ioctl_x86_set_debugregs(vcpu, { db: [0n, 0n, 0n, 0n], dr6: 0x1234n, dr7: 0x400n })).toBe(0)
    expect(vcpu.dr6).toBe(0x1234n)
    expect(kvm_vcpu_ioctl_x86_set_debugregs(vcpu, { db: [0n, 0n, 0n, 0n], dr6: 1n << 32n, dr7: 0x400n })).toBe(-22)
  })
  it('KVM_SET_VCPU_EVENTS without VALID_PAYLOAD drops pending and payload', () => {
    const vcpu = testVcpu('pre', { exceptionPayload: true })
    kvm_vcpu_ioctl_x86_set_vcpu_events(vcpu, { injected: 1, pending: 0, nr: 1, has_error_code: 0, error_code: 0, exception_has_payload: 1, exception_payload: 0x2000n, shadow: 0, flags: 0 })
    expect(vcpu.exception).toMatchObject({ injected: true, pending: false, has_payload: false, payload: 0n })
  })
  it('KVM_SET_GUEST_DEBUG INJECT_DB queues a payload-less #DB, or -EBUSY with one pending', () => {
    const vcpu = testVcpu('pre')
    expect(kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, { control: KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_INJECT_DB, debugreg: [] })).toBe(0)
    expect(vcpu.exception).toMatchObject({ pending: true, vector: 1, has_payload: false })
    expect(kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, { control: KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_INJECT_DB, debugreg: [] })).toBe(EBUSY)
  })
})
