// [PATCH v3 06/10] KVM: x86: Move KVM_GUESTDBG_SINGLESTEP handling into kvm_inject_emulated_db()
// Merged as 6d79302b0834 (v2 5/9, v1 4/7). docs/reference/kvm-db-semantics.md §2.7, §2.9, §3.
import { DB_VECTOR, DR6_BS, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_HW_BP } from '../../kvm/constants'
import type { KvmVcpu } from '../../kvm/vcpu'
import { kvm_exit_debug } from '../../kvm/x86-emulate-instruction'
import { kvm_get_linear_rip } from '../../kvm/x86-rflags'
import type { PatchModule } from '../patch-module'

/** x86.c: kvm_inject_emulated_db() — exits to userspace under USE_HW_BP **or** SINGLESTEP. */
function kvm_inject_emulated_db(vcpu: KvmVcpu, dr6: bigint): number {
  if (vcpu.guest_debug & (KVM_GUESTDBG_USE_HW_BP | KVM_GUESTDBG_SINGLESTEP)) {
    kvm_exit_debug(vcpu, dr6, kvm_get_linear_rip(vcpu), 'kvm_inject_emulated_db')
    return 0
  }
  vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, dr6)
  return 1
}

/** x86.c: kvm_vcpu_do_singlestep() — gutted: the single-step #DB goes through kvm_inject_emulated_db(). */
function kvm_vcpu_do_singlestep(vcpu: KvmVcpu): number {
  return vcpu.fn.kvm_inject_emulated_db(vcpu, DR6_BS)
}

export const patch: PatchModule = {
  id: 'v3-06',
  subject: 'KVM: x86: Move KVM_GUESTDBG_SINGLESTEP handling into kvm_inject_emulated_db()',
  commit: '6d79302b0834',
  effect: 'guest-TF single-step under USE_HW_BP exits to userspace (S10, S10b); emulator #DBs under SINGLESTEP exit (S8, S11)',
  overrides: { kvm_inject_emulated_db, kvm_vcpu_do_singlestep },
}
