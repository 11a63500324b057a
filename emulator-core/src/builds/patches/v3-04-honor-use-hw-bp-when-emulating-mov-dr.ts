// [PATCH v3 04/10] KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR (in emulator)
// Merged as 51543660c521 (v2 3/9 "Check guest debug in DR access instruction emulation", v1 2/7).
// Builds on 03/10 (dfc1c4687e9c): its GD #DB with the DR6_BD payload. docs/reference/kvm-db-semantics.md §2.5, §2.7, §3.
import { DB_VECTOR, KVM_GUESTDBG_USE_HW_BP } from '../../kvm/constants'
import { checkDrRead, type CheckDrReadForm } from '../../kvm/emulate-check-dr'
import type { EmulateCtxt, X86Exception } from '../../kvm/emulate-ctxt'
import type { EmulatorOps } from '../../kvm/emulator-ops'
import type { KvmVcpu } from '../../kvm/vcpu'
import { injectEmulatedException, kvmInjectEmulatedDb } from '../../kvm/x86-emulate-instruction'
import type { PatchModule } from '../patch-module'
import { gdDbWithPayload } from './v3-03-set-guest-dr6-by-kvm-queue-exception-p'

const CHECK_DR_READ: CheckDrReadForm = { gdDr7: (ops) => ops.get_effective_dr7(), gdDb: gdDbWithPayload }

/** emulate.c: check_dr_read() — GD is decided on the EFFECTIVE DR7 (new op get_effective_dr7). */
function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  return checkDrRead(ctxt, ops, CHECK_DR_READ)
}

/** x86.c: kvm_inject_emulated_db() — returns int; under USE_HW_BP the #DB is userspace's (KVM_EXIT_DEBUG). */
function kvm_inject_emulated_db(vcpu: KvmVcpu, dr6: bigint): number {
  return kvmInjectEmulatedDb(vcpu, dr6, KVM_GUESTDBG_USE_HW_BP)
}

/** x86.c: inject_emulated_exception(), #DB branch — returns kvm_inject_emulated_db()'s r (0: userspace exit). */
function injectDb(vcpu: KvmVcpu, ex: X86Exception): number | undefined {
  return ex.vector === DB_VECTOR ? vcpu.fn.kvm_inject_emulated_db(vcpu, ex.payload) : undefined
}

/** x86.c: inject_emulated_exception() — returns int: 0 when the #DB exits to userspace. */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  return injectEmulatedException(vcpu, ctxt, injectDb)
}

export const patch: PatchModule = {
  id: 'v3-04',
  subject: 'KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when emulating MOV DR (in emulator)',
  commit: '51543660c521',
  effect: 'USE_HW_BP: host GD gives KVM_EXIT_DEBUG (S3); a guest-only GD is ignored (S4)',
  overrides: { check_dr_read, kvm_inject_emulated_db, inject_emulated_exception },
}
