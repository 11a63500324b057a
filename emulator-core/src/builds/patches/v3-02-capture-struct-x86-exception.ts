// [PATCH v3 02/10] KVM: x86: Capture "struct x86_exception" in inject_emulated_exception()
// Merged as 17afe9b750f2 (v2 1/9). A local-variable refactor: the model's inject_emulated_exception()
// already reads the captured struct, so nothing is overridden.
import type { PatchModule } from '../patch-module'

export const patch: PatchModule = {
  id: 'v3-02',
  subject: 'KVM: x86: Capture "struct x86_exception" in inject_emulated_exception()',
  commit: '17afe9b750f2',
  effect: 'none (refactor)',
  overrides: {},
}
