import { BP_VECTOR, DB_VECTOR, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_USE_SW_BP, UD_VECTOR } from './constants'
import type { KvmVcpu } from './vcpu'

/**
 * vmx.c: vmx_update_exception_bitmap() / svm.c: svm_update_exception_bitmap() — #DB and #UD always exit
 * (VMX eb; SVM since cbdb967af3d5, CVE-2015-8104), #BP only for KVM_GUESTDBG_USE_SW_BP; in L2 the
 * vectors L1 intercepts are merged in.
 */
export function update_exception_bitmap(vcpu: KvmVcpu): void {
  let bitmap = (1 << DB_VECTOR) | (1 << UD_VECTOR)
  const swBp = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP
  if ((vcpu.guest_debug & swBp) === swBp) bitmap |= 1 << BP_VECTOR
  for (const vector of vcpu.nested?.interceptedVectors ?? []) bitmap |= 1 << vector
  vcpu.cpu.intercepts.exceptionBitmap = bitmap
}
