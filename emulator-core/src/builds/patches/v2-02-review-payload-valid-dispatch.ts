// v2 2/9 as Sean asked for it on 11 May 2026 (seeds/v2-2of9-...-review.txt): a payload_valid flag
// next to error_code_valid and the dispatch PF -> payload_valid -> error code -> plain. Never merged
// (the merged 03/04 dispatch on DB_VECTOR); modelled to compare the review against the series.
import { DB_VECTOR, DR6_BD, DR7_GD, PF_VECTOR, UD_VECTOR } from '../../kvm/constants'
import { emulate_exception, X86EMUL_CONTINUE, type EmulateCtxt } from '../../kvm/emulate-ctxt'
import { modrmDr } from '../../kvm/emulate-check-dr'
import type { EmulatorOps } from '../../kvm/emulator-ops'
import type { KvmVcpu } from '../../kvm/vcpu'
import type { PatchModule } from '../patch-module'

// emulate.c: emulate_db() — review form: the payload is flagged valid.
function emulate_db(ctxt: EmulateCtxt, dr6: bigint): number {
  ctxt.exception.payload = dr6
  ctxt.exception.payload_valid = true
  return emulate_exception(ctxt, DB_VECTOR, 0, false)
}

/** emulate.c: check_dr_read() — as v3-03, through the payload_valid emulate_db(). */
function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  const dr = modrmDr(ctxt)
  if (dr > 7) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_cr(4) & 0x8n && (dr === 4 || dr === 5)) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_dr(7) & DR7_GD) return emulate_db(ctxt, DR6_BD)
  return X86EMUL_CONTINUE
}

/** x86.c: inject_emulated_exception() — the review's dispatch. */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  const ex = ctxt.exception
  if (ex.vector === PF_VECTOR) vcpu.fn.kvm_multiple_exception(vcpu, PF_VECTOR, true, ex.error_code, true, ex.payload, 'kvm_inject_emulated_page_fault')
  else if (ex.payload_valid) vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, ex.payload)
  else if (ex.error_code_valid) vcpu.fn.kvm_queue_exception_e(vcpu, ex.vector, ex.error_code)
  else vcpu.fn.kvm_queue_exception(vcpu, ex.vector)
  return 1
}

export const patch: PatchModule = {
  id: 'v2-02-review',
  subject: 'KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation (review: payload_valid dispatch)',
  origin: 'unmerged: Sean Christopherson, Re: [PATCH v2 2/9], 11 May 2026 (Message-Id not archived)',
  effect: 'as v3-03 for every reachable #DB: GD DR6 delivered from payload 0x2000 at injection',
  overrides: { check_dr_read, inject_emulated_exception },
}
