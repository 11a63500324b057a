// [PATCH v2 2/9] KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation — as posted
// Message-Id 9b859ab6a6b59e5ccfdac741459117996fe2da6e.1766066076.git.houwenlong.hwl@antgroup.com (18 Dec 2025).
// The emulate.c half is the one v3 03/10 kept (emulate_db(ctxt, DR6_BD), GD on the guest DR7). The posted
// x86.c hunk queues kvm_queue_exception_e(vcpu, DB_VECTOR, ex->dr6): an error-coded #DB with no payload
// (fixed by v2 3/9; Sean's review of 11 May 2026, seeds/v2-2of9...).
import { DB_VECTOR, DR6_BD, U32_MAX } from '../../kvm/constants'
import { checkDrRead, emulate_db, type CheckDrReadForm } from '../../kvm/emulate-check-dr'
import type { EmulateCtxt, X86Exception } from '../../kvm/emulate-ctxt'
import type { EmulatorOps } from '../../kvm/emulator-ops'
import type { KvmVcpu } from '../../kvm/vcpu'
import { injectEmulatedException } from '../../kvm/x86-emulate-instruction'
import type { PatchModule } from '../patch-module'

const CHECK_DR_READ: CheckDrReadForm = { gdDr7: (ops) => ops.get_dr(7), gdDb: (ctxt) => emulate_db(ctxt, DR6_BD) }

/** emulate.c: check_dr_read() — GD no longer writes DR6; the #DB carries DR6_BD in ctxt->exception.dr6. */
function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  return checkDrRead(ctxt, ops, CHECK_DR_READ)
}

/** x86.c: inject_emulated_exception(), posted #DB branch — DR6 passed as the (u32) error code. */
function injectDb(vcpu: KvmVcpu, ex: X86Exception): number | undefined {
  if (ex.vector !== DB_VECTOR) return undefined
  vcpu.fn.kvm_queue_exception_e(vcpu, DB_VECTOR, Number(ex.payload & U32_MAX))
  return 1
}

/** x86.c: inject_emulated_exception() — v2 2/9 as posted. */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  return injectEmulatedException(vcpu, ctxt, injectDb)
}

export const patch: PatchModule = {
  id: 'v2-02',
  subject: 'KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation (v2 2/9 as posted)',
  messageId: '9b859ab6a6b59e5ccfdac741459117996fe2da6e.1766066076.git.houwenlong.hwl@antgroup.com',
  effect: 'buggy: the GD #DB is queued with error code 0x2000 and no payload, so DR6 never gets BD',
  overrides: { check_dr_read, inject_emulated_exception },
}
