import type { KvmFunctions } from '../kvm/functions'
import { kvm_multiple_exception_old_base } from '../kvm/x86-exception-queue'
import { preFunctions } from './base-pre'

/**
 * OLD-BASE: the tree v1/v2 were written against (kvm-x86/linux @ 042007c262e5, Dec 2025). Differs
 * from PRE only in kvm_multiple_exception(): the payload is delivered at queue time outside guest mode.
 */
export const oldBaseFunctions: KvmFunctions = { ...preFunctions, kvm_multiple_exception: kvm_multiple_exception_old_base }
