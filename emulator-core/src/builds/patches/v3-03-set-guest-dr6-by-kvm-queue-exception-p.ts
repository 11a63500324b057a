// [PATCH v3 03/10] KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation
// Merged as dfc1c4687e9c (v2 2/9, v1 1/7). docs/reference/kvm-db-semantics.md §2.5, §2.7, §3.
import { DB_VECTOR, DR6_BD } from '../../kvm/constants'
import { checkDrRead, emulate_db, type CheckDrReadForm } from '../../kvm/emulate-check-dr'
import type { EmulateCtxt, X86Exception } from '../../kvm/emulate-ctxt'
import type { EmulatorOps } from '../../kvm/emulator-ops'
import type { KvmVcpu } from '../../kvm/vcpu'
import { injectEmulatedException, kvm_inject_emulated_db } from '../../kvm/x86-emulate-instruction'
import type { PatchModule } from '../patch-module'

/** emulate.c: check_dr_read(), GD branch — no set_dr(6): emulate_db(ctxt, DR6_BD) (GD still on the GUEST DR7). */
export function gdDbWithPayload(ctxt: EmulateCtxt): number {
  return emulate_db(ctxt, DR6_BD)
}

const CHECK_DR_READ: CheckDrReadForm = { gdDr7: (ops) => ops.get_dr(7), gdDb: gdDbWithPayload }

/** emulate.c: check_dr_read() — GD no longer writes DR6; the #DB carries payload DR6_BD. */
function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  return checkDrRead(ctxt, ops, CHECK_DR_READ)
}

/** x86.c: inject_emulated_exception(), new #DB branch — kvm_inject_emulated_db(ex->dr6), void here. */
function injectDb(vcpu: KvmVcpu, ex: X86Exception): number | undefined {
  if (ex.vector !== DB_VECTOR) return undefined
  vcpu.fn.kvm_inject_emulated_db(vcpu, ex.payload)
  return 1
}

/** x86.c: inject_emulated_exception() — #DB goes to kvm_inject_emulated_db(ex->dr6). */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  return injectEmulatedException(vcpu, ctxt, injectDb)
}

export const patch: PatchModule = {
  id: 'v3-03',
  subject: 'KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation',
  commit: 'dfc1c4687e9c',
  effect: 'GD DR6 written at injection instead of emulation: visible only between emulation and the next entry (S2, S2c)',
  overrides: { check_dr_read, inject_emulated_exception, kvm_inject_emulated_db },
}
