// [PATCH v2 2/9] KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation — as posted
// Message-Id 9b859ab6a6b59e5ccfdac741459117996fe2da6e.1766066076.git.houwenlong.hwl@antgroup.com (18 Dec 2025).
// The posted x86.c hunk queues kvm_queue_exception_e(vcpu, DB_VECTOR, ex->dr6): an error-coded #DB with
// no payload (fixed by v2 3/9; Sean's review of 11 May 2026, seeds/v2-2of9...).
import { DB_VECTOR, PF_VECTOR } from '../../kvm/constants'
import type { EmulateCtxt } from '../../kvm/emulate-ctxt'
import type { KvmVcpu } from '../../kvm/vcpu'
import type { PatchModule } from '../patch-module'
import { check_dr_read } from './v3-03-set-guest-dr6-by-kvm-queue-exception-p'

/** x86.c: inject_emulated_exception() — v2 2/9: DR6 passed as an error code (u32 truncation). */
function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  const ex = ctxt.exception
  if (ex.vector === DB_VECTOR) vcpu.fn.kvm_queue_exception_e(vcpu, DB_VECTOR, Number(ex.payload & 0xffffffffn))
  else if (ex.vector === PF_VECTOR) vcpu.fn.kvm_multiple_exception(vcpu, PF_VECTOR, true, ex.error_code, true, ex.payload, 'kvm_inject_emulated_page_fault')
  else if (ex.error_code_valid) vcpu.fn.kvm_queue_exception_e(vcpu, ex.vector, ex.error_code)
  else vcpu.fn.kvm_queue_exception(vcpu, ex.vector)
  return 1
}

export const patch: PatchModule = {
  id: 'v2-02',
  subject: 'KVM: x86: Set guest DR6 by kvm_queue_exception_p() in instruction emulation (v2 2/9 as posted)',
  messageId: '9b859ab6a6b59e5ccfdac741459117996fe2da6e.1766066076.git.houwenlong.hwl@antgroup.com',
  effect: 'buggy: the GD #DB is queued with error code 0x2000 and no payload, so DR6 never gets BD',
  overrides: { check_dr_read, inject_emulated_exception },
}
