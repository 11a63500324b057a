import { describe, expect, it } from 'vitest'
import { KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_USE_HW_BP } from './constants'
import { testVcpu } from './stub-cpu.test-support'
import { kvm_arch_vcpu_ioctl_set_guest_debug } from './x86-ioctls'

// Expected values: docs/reference/kvm-db-semantics.md §1 (DR6_VOLATILE 0x1e80f, DR6_FIXED_1 0xfffe07f0, DR7_VOLATILE 0xffff2bff) and §2.4.
describe('kvm_set_dr / kvm_get_dr', () => {
  it('DR6 writes keep only volatile bits plus kvm_dr6_fixed()', () => {
    const vcpu = testVcpu('pre')
    expect(vcpu.fn.kvm_set_dr(vcpu, 6, 0n)).toBe(0)
    expect(vcpu.dr6).toBe(0xfffe07f0n)
    vcpu.cpuid = { rtm: false, bus_lock_detect: false }
    vcpu.fn.kvm_set_dr(vcpu, 6, 0x2000n)
    expect(vcpu.dr6).toBe(0xffff2ff0n)
  })
  it('DR6/DR7 values with bits 63:32 fail (#GP)', () => {
    const vcpu = testVcpu('pre')
    expect(vcpu.fn.kvm_set_dr(vcpu, 7, 1n << 32n)).toBe(1)
    expect(vcpu.fn.kvm_set_dr(vcpu, 6, 1n << 32n)).toBe(1)
  })
  it('DR7 writes mask to DR7_VOLATILE, force bit 10, and update the effective DR7', () => {
    const vcpu = testVcpu('pre')
    vcpu.fn.kvm_set_dr(vcpu, 7, 0xffffffffn)
    expect(vcpu.dr7).toBe(0xffff2fffn)
    expect(vcpu.hw_dr7).toBe(0xffff2fffn)
  })
  it('under USE_HW_BP DR0 writes reach db[] but not eff_db[], and reads return db[]', () => {
    const vcpu = testVcpu('pre')
    kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, { control: KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP, debugreg: [0x1234n, 0n, 0n, 0n, 0n, 0n, 0n, 0x402n] })
    vcpu.fn.kvm_set_dr(vcpu, 0, 0x5000n)
    expect(vcpu.eff_db[0]).toBe(0x1234n)
    expect(vcpu.fn.kvm_get_dr(vcpu, 0)).toBe(0x5000n)
    expect(vcpu.hw_dr7).toBe(0x402n)
  })
})
