// The vendor-neutral tail of a MOV-DR intercept, shared by vmx.c handle_dr() and svm.c dr_interception(),
// and the "take the DRs back" half of their sync_dirty_debug_regs(): the kernel spells these out in both
// vendors' files; here each rule is written once.
import type { MovDrExit } from '../cpu/seam'
import { GP_VECTOR } from './constants'
import { KVM_DEBUGREG_WONT_EXIT, type KvmVcpu } from './vcpu'

/** x86.c: kvm_complete_insn_gp() — #GP(0) on error, else skip the instruction. */
export function kvm_complete_insn_gp(vcpu: KvmVcpu, err: number, length: number): number {
  if (err) {
    vcpu.fn.kvm_queue_exception_e(vcpu, GP_VECTOR, 0)
    return 1
  }
  return vcpu.fn.kvm_skip_emulated_instruction(vcpu, length)
}

/**
 * Without guest_debug, stop MOV-DR exiting and let the guest own the DRs (KVM_DEBUGREG_WONT_EXIT; the
 * instruction re-executes natively); otherwise perform the access with kvm_get_dr()/kvm_set_dr() and skip.
 */
export function guestOwnsDebugRegsOrAccess(vcpu: KvmVcpu, exit: MovDrExit): number {
  if (vcpu.guest_debug === 0) {
    vcpu.cpu.intercepts.movDrExiting = false
    vcpu.switch_db_regs |= KVM_DEBUGREG_WONT_EXIT
    return 1
  }
  let err = 0
  if (exit.direction === 'from-dr') vcpu.cpu.setReg(exit.gpr, vcpu.fn.kvm_get_dr(vcpu, exit.dr))
  else err = vcpu.fn.kvm_set_dr(vcpu, exit.dr, vcpu.cpu.getReg(exit.gpr))
  return kvm_complete_insn_gp(vcpu, err, exit.length)
}

/** Read the guest-owned DR0–3/DR6/DR7 back into the vCPU and resume MOV-DR exiting. */
export function takeBackDebugRegs(vcpu: KvmVcpu): void {
  for (let i = 0; i < 4; i++) vcpu.db[i] = vcpu.cpu.getDr(i)
  vcpu.dr6 = vcpu.cpu.getDr(6)
  vcpu.dr7 = vcpu.hw_dr7 = vcpu.cpu.getDr(7)
  vcpu.switch_db_regs &= ~KVM_DEBUGREG_WONT_EXIT
  vcpu.cpu.intercepts.movDrExiting = true
}
