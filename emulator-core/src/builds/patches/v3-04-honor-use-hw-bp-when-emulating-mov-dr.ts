// [PATCH v3 04/10] KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR (in emulator)
// Merged as 51543660c521 (v2 3/9 "Check guest debug in DR access instruction emulation", v1 2/7).
// docs/reference/kvm-db-semantics.md §2.5, §2.7, §3.
import { DB_VECTOR, DR6_BD, DR7_GD, KVM_GUESTDBG_USE_HW_BP, PF_VECTOR, UD_VECTOR } from '../../kvm/constants'
import { emulate_exception, X86EMUL_CONTINUE, type EmulateCtxt } from '../../kvm/emulate-ctxt'
import { modrmDr } from '../../kvm/emulate-check-dr'
import type { EmulatorOps } from '../../kvm/emulator-ops'
import type { KvmVcpu } from '../../kvm/vcpu'
import { kvm_exit_debug } from '../../kvm/x86-emulate-instruction'
import { kvm_get_linear_rip } from '../../kvm/x86-rflags'
import type { PatchModule } from '../patch-module'
import { emulate_db } from './v3-03-set-guest-dr6-by-kvm-queue-exception-p'

/** emulate.c: check_dr_read() — GD is decided on the EFFECTIVE DR7 (new op get_effective_dr7). */
function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  const dr = modrmDr(ctxt)
  if (dr > 7) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_cr(4) & 0x8n && (dr === 4 || dr === 5)) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_effective_dr7() & DR7_GD) return emulate_db(ctxt, DR6_BD)
  return X86EMUL_CONTINUE
}

/** x86.c: kvm_inject_emulated_db() — returns int; under USE_HW_BP the #DB is userspace's (KVM_EXIT_DEBUG). */
export function kvm_inject_emulated_db(vcpu: KvmVcpu, dr6: bigint): number {
  if (vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP) {
    kvm_exit_debug(vcpu, dr6, kvm_get_linear_rip(vcpu), 'kvm_inject_emulated_db')
    return 0
  }
  vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, dr6)
  return 1
}

/** x86.c: inject_emulated_exception() — returns int: 0 when the #DB exits to userspace. */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  const ex = ctxt.exception
  if (ex.vector === PF_VECTOR) vcpu.fn.kvm_multiple_exception(vcpu, PF_VECTOR, true, ex.error_code, true, ex.payload, 'kvm_inject_emulated_page_fault')
  else if (ex.vector === DB_VECTOR) return vcpu.fn.kvm_inject_emulated_db(vcpu, ex.payload)
  else if (ex.error_code_valid) vcpu.fn.kvm_queue_exception_e(vcpu, ex.vector, ex.error_code)
  else vcpu.fn.kvm_queue_exception(vcpu, ex.vector)
  return 1
}

export const patch: PatchModule = {
  id: 'v3-04',
  subject: 'KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR (in emulator)',
  commit: '51543660c521',
  effect: 'USE_HW_BP: host GD gives KVM_EXIT_DEBUG (S3); a guest-only GD is ignored (S4)',
  overrides: { check_dr_read, kvm_inject_emulated_db, inject_emulated_exception },
}
