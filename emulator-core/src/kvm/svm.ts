import type { ExceptionExit, MovDrExit } from '../cpu/seam'
import { DB_VECTOR, DR6_ACTIVE_LOW, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_HW_BP } from './constants'
import { guestOwnsDebugRegsOrAccess, takeBackDebugRegs } from './mov-dr-exit'
import { KVM_DEBUGREG_WONT_EXIT, type KvmVcpu } from './vcpu'
import { exceptionEntryEvent } from './vmx'

/** svm.c: svm_inject_exception() — delivers the payload unconditionally, then EVENTINJ (PRE = POST). */
export function svm_inject_exception(vcpu: KvmVcpu): void {
  vcpu.fn.kvm_deliver_exception_payload(vcpu, vcpu.exception)
  vcpu.entry_event = exceptionEntryEvent(vcpu)
}

/**
 * svm.c: db_interception() — the CPU already merged the #DB into VMCB save.dr6 (loaded as
 * DR6_ACTIVE_LOW unless the guest owns the DRs), so the payload is save.dr6 ^ DR6_ACTIVE_LOW.
 */
export function db_interception(vcpu: KvmVcpu, _exit: ExceptionExit): number {
  const vmcbDr6 = vcpu.cpu.getDr(6)
  if (!(vcpu.guest_debug & (KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_HW_BP))) {
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, (vmcbDr6 ^ DR6_ACTIVE_LOW) & 0xffffffffn)
    return 1
  }
  vcpu.run.exit_reason = 'DEBUG'
  vcpu.run.debug.dr6 = vmcbDr6
  vcpu.run.debug.dr7 = vcpu.cpu.getDr(7)
  vcpu.run.debug.pc = vcpu.cpu.getLinearRip()
  vcpu.run.debug.exception = DB_VECTOR
  vcpu.run.by = 'db_interception'
  return 0
}

/**
 * svm.c: dr_interception() — with decode assists (docs/reference/kvm-db-semantics.md §2.6: from memory, not re-read): no GD
 * check (the CPU raises GD before the intercept); without guest_debug hand the DRs to the guest.
 */
export function dr_interception(vcpu: KvmVcpu, exit: MovDrExit): number {
  return guestOwnsDebugRegsOrAccess(vcpu, exit)
}

/** svm.c: svm_sync_dirty_debug_regs() */
export function svm_sync_dirty_debug_regs(vcpu: KvmVcpu): void {
  takeBackDebugRegs(vcpu)
}

/** svm.c: svm_vcpu_run() — VMCB save.dr6 is the guest's DR6 only while the guest owns the DRs. */
export function svm_load_debug_regs(vcpu: KvmVcpu): void {
  for (let i = 0; i < 4; i++) vcpu.cpu.setDr(i, vcpu.eff_db[i])
  vcpu.cpu.setDr(6, vcpu.switch_db_regs & KVM_DEBUGREG_WONT_EXIT ? vcpu.dr6 : DR6_ACTIVE_LOW)
  vcpu.cpu.setDr(7, vcpu.hw_dr7)
}
