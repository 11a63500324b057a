// [PATCH v3 01/10] KVM: VMX: Refresh GUEST_PENDING_DBG_EXCEPTIONS.BS on all injected #DBs
// Merged as c5bad4fa2d5d (v2 7/9, v1 5/7). docs/reference/kvm-db-semantics.md §2.13.4, §3.
import type { ExceptionExit } from '../../cpu/seam'
import type { KvmVcpu } from '../../kvm/vcpu'
import { handleExceptionNmiDb, vmxInjectException, type PendingDbgBsSite } from '../../kvm/vmx'
import type { PatchModule } from '../patch-module'

/** The BS refresh moves from the #DB intercept to the injection of every #DB. */
const BS_SITE: PendingDbgBsSite = 'injection'

/** vmx.c: handle_exception_nmi(), DB_VECTOR branch — the BS refresh is gone from here. */
function handle_exception_nmi_db(vcpu: KvmVcpu, exit: ExceptionExit): number {
  return handleExceptionNmiDb(vcpu, exit, BS_SITE)
}

/** vmx.c: vmx_inject_exception() — any injected #DB with TF=1 in an STI/MOV-SS shadow sets PENDING_DBG.BS. */
function vmx_inject_exception(vcpu: KvmVcpu): void {
  vmxInjectException(vcpu, BS_SITE)
}

export const patch: PatchModule = {
  id: 'v3-01',
  subject: 'KVM: VMX: Refresh GUEST_PENDING_DBG_EXCEPTIONS.BS on all injected #DBs',
  commit: 'c5bad4fa2d5d',
  effect: 'VMX: an emulated STI/MOV SS with TF=1 no longer fails VM entry; the #DB is delivered (S12)',
  overrides: { handle_exception_nmi_db, vmx_inject_exception },
}
