import type { PatchModule } from '../patch-module'
import { patch as v2_02 } from './v2-02-set-guest-dr6-by-kvm-queue-exception-p'
import { patch as v2_02_review } from './v2-02-review-payload-valid-dispatch'
import { patch as v3_01 } from './v3-01-vmx-refresh-pending-dbg-bs-on-all-injected-dbs'
import { patch as v3_02 } from './v3-02-capture-struct-x86-exception'
import { patch as v3_03 } from './v3-03-set-guest-dr6-by-kvm-queue-exception-p'
import { patch as v3_04 } from './v3-04-honor-use-hw-bp-when-emulating-mov-dr'
import { patch as v3_05 } from './v3-05-honor-use-hw-bp-code-breakpoints'
import { patch as v3_06 } from './v3-06-move-singlestep-into-kvm-inject-emulated-db'
import { patch as v3_07 } from './v3-07-drop-kvm-vcpu-do-singlestep'

/** Every patch module, by id, in series order. */
export const PATCHES: readonly PatchModule[] = [v2_02, v2_02_review, v3_01, v3_02, v3_03, v3_04, v3_05, v3_06, v3_07]
