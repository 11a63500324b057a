// [PATCH v3 07/10] KVM: x86: Drop kvm_vcpu_do_singlestep() now that it's been gutted
// Merged as a1e7aeb1be11 (new in v3; part of v2 5/9). Callers call kvm_inject_emulated_db(vcpu, DR6_BS).
import type { PatchModule } from '../patch-module'

export const patch: PatchModule = {
  id: 'v3-07',
  subject: "KVM: x86: Drop kvm_vcpu_do_singlestep() now that it's been gutted",
  commit: 'a1e7aeb1be11',
  effect: 'none (callers inline the call)',
  overrides: { kvm_vcpu_do_singlestep: undefined },
}
