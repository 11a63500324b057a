// Which filter an event falls under in the aligned view.
import type { TraceEvent } from '@patchlab/emulator-core/types'

export type EventCategory = 'instructions' | 'exceptions' | 'exits' | 'vmm'

export const CATEGORIES: EventCategory[] = ['instructions', 'exceptions', 'exits', 'vmm']

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
