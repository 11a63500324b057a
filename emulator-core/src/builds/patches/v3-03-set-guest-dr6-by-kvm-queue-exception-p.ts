// [PATCH v3 03/10] KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation
// Merged as dfc1c4687e9c (v2 2/9, v1 1/7). docs/reference/kvm-db-semantics.md §2.5, §2.7, §3.
import { DB_VECTOR, DR6_BD, DR7_GD, PF_VECTOR, UD_VECTOR } from '../../kvm/constants'
import { emulate_exception, X86EMUL_CONTINUE, type EmulateCtxt } from '../../kvm/emulate-ctxt'
import { modrmDr } from '../../kvm/emulate-check-dr'
import type { EmulatorOps } from '../../kvm/emulator-ops'
import type { KvmVcpu } from '../../kvm/vcpu'
import { kvm_inject_emulated_db } from '../../kvm/x86-emulate-instruction'
import type { PatchModule } from '../patch-module'

// emulate.c: emulate_db() — now records the DR6 payload in ctxt->exception.dr6.
export function emulate_db(ctxt: EmulateCtxt, dr6: bigint): number {
  ctxt.exception.payload = dr6
  return emulate_exception(ctxt, DB_VECTOR, 0, false)
}

/** emulate.c: check_dr_read() — GD no longer writes DR6; the #DB carries payload DR6_BD (GUEST DR7). */
export function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  const dr = modrmDr(ctxt)
  if (dr > 7) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_cr(4) & 0x8n && (dr === 4 || dr === 5)) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_dr(7) & DR7_GD) return emulate_db(ctxt, DR6_BD)
  return X86EMUL_CONTINUE
}

/** x86.c: inject_emulated_exception() — #DB goes to kvm_inject_emulated_db(ex->dr6) (void here). */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  const ex = ctxt.exception
  if (ex.vector === PF_VECTOR) vcpu.fn.kvm_multiple_exception(vcpu, PF_VECTOR, true, ex.error_code, true, ex.payload, 'kvm_inject_emulated_page_fault')
  else if (ex.vector === DB_VECTOR) vcpu.fn.kvm_inject_emulated_db(vcpu, ex.payload)
  else if (ex.error_code_valid) vcpu.fn.kvm_queue_exception_e(vcpu, ex.vector, ex.error_code)
  else vcpu.fn.kvm_queue_exception(vcpu, ex.vector)
  return 1
}

export const patch: PatchModule = {
  id: 'v3-03',
  subject: 'KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation',
  commit: 'dfc1c4687e9c',
  effect: 'GD DR6 written at injection instead of emulation: visible only between emulation and the next entry (S2, S2c)',
  overrides: { check_dr_read, inject_emulated_exception, kvm_inject_emulated_db },
}
