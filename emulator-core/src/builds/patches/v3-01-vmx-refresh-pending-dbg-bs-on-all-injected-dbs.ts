// [PATCH v3 01/10] KVM: VMX: Refresh GUEST_PENDING_DBG_EXCEPTIONS.BS on all injected #DBs
// Merged as c5bad4fa2d5d (v2 7/9, v1 5/7). docs/reference/kvm-db-semantics.md §2.13.4, §3.
import type { ExceptionExit } from '../../cpu/seam'
import { DB_VECTOR, DR6_BS, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_HW_BP } from '../../kvm/constants'
import type { KvmVcpu } from '../../kvm/vcpu'
import { exceptionEntryEvent, singleStepInShadow, vmxExitDebug, vmxSkipIcebp } from '../../kvm/vmx'
import type { PatchModule } from '../patch-module'

/** vmx.c: handle_exception_nmi(), DB_VECTOR branch — the BS refresh is gone from here. */
function handle_exception_nmi_db(vcpu: KvmVcpu, exit: ExceptionExit): number {
  const dr6 = exit.dr6Bits ?? 0n
  if (!(vcpu.guest_debug & (KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_HW_BP))) {
    if (exit.icebp) vmxSkipIcebp(vcpu, exit)
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, dr6)
    return 1
  }
  vmxExitDebug(vcpu, dr6, 'handle_exception_nmi')
  return 0
}

/** vmx.c: vmx_inject_exception() — any injected #DB with TF=1 in an STI/MOV-SS shadow sets PENDING_DBG.BS. */
function vmx_inject_exception(vcpu: KvmVcpu): void {
  const ex = vcpu.exception
  vcpu.fn.kvm_deliver_exception_payload(vcpu, ex)
  if (ex.vector === DB_VECTOR && singleStepInShadow(vcpu)) {
    vcpu.cpu.setPendingDebugExceptions(vcpu.cpu.getPendingDebugExceptions() | DR6_BS)
  }
  vcpu.entry_event = exceptionEntryEvent(vcpu)
}

export const patch: PatchModule = {
  id: 'v3-01',
  subject: 'KVM: VMX: Refresh GUEST_PENDING_DBG_EXCEPTIONS.BS on all injected #DBs',
  commit: 'c5bad4fa2d5d',
  effect: 'VMX: an emulated STI/MOV SS with TF=1 no longer fails VM entry; the #DB is delivered (S12)',
  overrides: { handle_exception_nmi_db, vmx_inject_exception },
}
