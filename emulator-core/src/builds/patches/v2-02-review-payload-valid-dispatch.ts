// v2 2/9 as Sean asked for it on 11 May 2026 (seeds/v2-2of9-...-review.txt): a payload_valid flag
// next to error_code_valid and the dispatch PF -> payload_valid -> error code -> plain. Never merged
// (the merged 03/04 dispatch on DB_VECTOR); modelled to compare the review against the series.
import { DB_VECTOR, DR6_BD } from '../../kvm/constants'
import { checkDrRead, emulate_db, type CheckDrReadForm } from '../../kvm/emulate-check-dr'
import type { EmulateCtxt, X86Exception } from '../../kvm/emulate-ctxt'
import type { EmulatorOps } from '../../kvm/emulator-ops'
import type { KvmVcpu } from '../../kvm/vcpu'
import { injectEmulatedException } from '../../kvm/x86-emulate-instruction'
import type { PatchModule } from '../patch-module'

// emulate.c: emulate_db() — review form: the DR6 payload is flagged valid.
const CHECK_DR_READ: CheckDrReadForm = { gdDr7: (ops) => ops.get_dr(7), gdDb: (ctxt) => emulate_db(ctxt, DR6_BD, true) }

/** emulate.c: check_dr_read() — GD #DB through the payload_valid emulate_db(). */
function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  return checkDrRead(ctxt, ops, CHECK_DR_READ)
}

/** x86.c: inject_emulated_exception(), review's branch — a valid payload is a #DB's DR6. */
function injectDb(vcpu: KvmVcpu, ex: X86Exception): number | undefined {
  if (!ex.payload_valid) return undefined
  vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, ex.payload)
  return 1
}

/** x86.c: inject_emulated_exception() — the review's dispatch. */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  return injectEmulatedException(vcpu, ctxt, injectDb)
}

export const patch: PatchModule = {
  id: 'v2-02-review',
  subject: 'KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation (review: payload_valid dispatch)',
  origin: 'unmerged: Sean Christopherson, Re: [PATCH v2 2/9], 11 May 2026 (Message-Id not archived)',
  effect: 'as v3-03 for every reachable #DB: GD DR6 delivered from payload 0x2000 at injection',
  overrides: { check_dr_read, inject_emulated_exception },
}
