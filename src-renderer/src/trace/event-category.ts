// Which filter an event falls under in the aligned view.
import type { TraceEvent } from '@patchlab/emulator-core/types'

export type EventCategory = 'instructions' | 'exceptions' | 'exits' | 'vmm'

export const CATEGORIES: EventCategory[] = ['instructions', 'exceptions', 'exits', 'vmm']

/** What each filter shows (its tooltip). */
export const CATEGORY_TITLES: Record<EventCategory, string> = {
  instructions: 'instructions the guest completed, natively or through KVM\'s emulator',
  exceptions: 'exceptions as KVM queues and injects them and as the CPU delivers or intercepts them',
  exits: 'exits to userspace (KVM_RUN returning) and nested VM-exits to L1',
  vmm: 'what the VMM (userspace) does: KVM_RUN, get/set ioctls and their results',
}

/** Notes are annotations, never filtered out; nested VM-exits count as exits. */
export function eventCategory(event: TraceEvent): EventCategory | undefined {
  switch (event.kind) {
    case 'insn':
      return 'instructions'
    case 'exception':
      return 'exceptions'
    case 'exit':
    case 'vmexit':
      return 'exits'
    case 'vmm':
      return 'vmm'
    case 'note':
      return undefined
  }
}
