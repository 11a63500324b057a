// [PATCH v3 05/10] KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when checking for code breakpoints in emulation
// Merged as 00b6520669bc (v2 4/9, v1 3/7); Fixes 4a1e10d5b5d8. Seed: seeds/v3-05of10-....txt.
import { DR7_BP_EN_MASK, KVM_GUESTDBG_USE_HW_BP } from '../../kvm/constants'
import type { KvmVcpu } from '../../kvm/vcpu'
import { kvm_get_eff_dr7 } from '../../kvm/x86-debugregs'
import {
  kvm_is_code_breakpoint_inhibited as inhibitedBefore, kvm_vcpu_check_hw_bp, NO_CODE_BP_CHECK,
} from '../../kvm/x86-emulate-instruction'
import { kvm_get_linear_rip } from '../../kvm/x86-rflags'
import type { PatchModule } from '../patch-module'

/** x86.c: kvm_is_code_breakpoint_inhibited() — never inhibited under USE_HW_BP; otherwise as before. */
function kvm_is_code_breakpoint_inhibited(vcpu: KvmVcpu): boolean {
  if (vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP) return false
  return inhibitedBefore(vcpu)
}

/** x86.c: kvm_vcpu_check_code_breakpoint() — one check on the effective DR7 and eff_db[], via kvm_inject_emulated_db(). */
function kvm_vcpu_check_code_breakpoint(vcpu: KvmVcpu, emulationType: number): number | undefined {
  const dr7 = kvm_get_eff_dr7(vcpu)
  if (emulationType & NO_CODE_BP_CHECK) return undefined
  if (dr7 & DR7_BP_EN_MASK && !vcpu.fn.kvm_is_code_breakpoint_inhibited(vcpu)) {
    const dr6 = kvm_vcpu_check_hw_bp(kvm_get_linear_rip(vcpu), 0n, dr7, vcpu.eff_db)
    if (dr6) return vcpu.fn.kvm_inject_emulated_db(vcpu, dr6)
  }
  return undefined
}

export const patch: PatchModule = {
  id: 'v3-05',
  subject: 'KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when checking for code breakpoints in emulation',
  commit: '00b6520669bc',
  effect: "USE_HW_BP: the guest's own code breakpoints are ignored during emulation (S6)",
  overrides: { kvm_is_code_breakpoint_inhibited, kvm_vcpu_check_code_breakpoint },
}
