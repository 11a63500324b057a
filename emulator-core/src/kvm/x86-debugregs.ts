import {
  DR6_BUS_LOCK, DR6_FIXED_1, DR6_RTM, DR6_VOLATILE, DR7_BP_EN_MASK, DR7_FIXED_1, DR7_VOLATILE, KVM_GUESTDBG_USE_HW_BP,
} from './constants'
import { KVM_DEBUGREG_BP_ENABLED, type KvmVcpu } from './vcpu'

// regs.h: kvm_get_eff_dr7() — userspace DR7 under USE_HW_BP, else the guest's (inline in PRE's kvm_update_dr7()).
export function kvm_get_eff_dr7(vcpu: KvmVcpu): bigint {
  return vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP ? vcpu.guest_debug_dr7 : vcpu.dr7
}

// x86.c: kvm_dr6_fixed()
export function kvm_dr6_fixed(vcpu: KvmVcpu): bigint {
  let fixed = DR6_FIXED_1
  if (!vcpu.cpuid.rtm) fixed |= DR6_RTM
  if (!vcpu.cpuid.bus_lock_detect) fixed |= DR6_BUS_LOCK
  return fixed
}

// x86.c: kvm_update_dr7() — writes the effective DR7 to VMCS GUEST_DR7 / VMCB save.dr7.
export function kvm_update_dr7(vcpu: KvmVcpu): void {
  const dr7 = kvm_get_eff_dr7(vcpu)
  vcpu.hw_dr7 = dr7
  vcpu.switch_db_regs &= ~KVM_DEBUGREG_BP_ENABLED
  if (dr7 & DR7_BP_EN_MASK) vcpu.switch_db_regs |= KVM_DEBUGREG_BP_ENABLED
}

// x86.c: kvm_update_dr0123()
export function kvm_update_dr0123(vcpu: KvmVcpu): void {
  if (vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP) return
  for (let i = 0; i < 4; i++) vcpu.eff_db[i] = vcpu.db[i]
}

/** x86.c: kvm_set_dr() — returns 1 when the value is invalid (the caller injects #GP). */
export function kvm_set_dr(vcpu: KvmVcpu, dr: number, value: bigint): number {
  switch (dr) {
    case 0: case 1: case 2: case 3:
      vcpu.db[dr] = value
      if (!(vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP)) vcpu.eff_db[dr] = value
      return 0
    case 4: case 6:
      if (value >> 32n) return 1
      vcpu.dr6 = (value & DR6_VOLATILE) | kvm_dr6_fixed(vcpu)
      return 0
    default:
      if (value >> 32n) return 1
      vcpu.dr7 = (value & DR7_VOLATILE) | DR7_FIXED_1
      vcpu.fn.kvm_update_dr7(vcpu)
      return 0
  }
}

/** x86.c: kvm_get_dr() — DR0-3 read db[], never eff_db[]. */
export function kvm_get_dr(vcpu: KvmVcpu, dr: number): bigint {
  switch (dr) {
    case 0: case 1: case 2: case 3: return vcpu.db[dr]
    case 4: case 6: return vcpu.dr6
    default: return vcpu.dr7
  }
}
