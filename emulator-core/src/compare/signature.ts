import type { TraceEvent } from '../types'

/**
 * Whether two events are "the same step" for alignment: same kind and the same identity fields
 * (insn: rip and text; exception: vector and action; exit and VM-exit: reason; VMM: action), even when
 * their values (DR6, payload, path) differ. Values are compared afterwards, field by field, on the
 * aligned pairs. Compared field by field rather than through key strings: this runs O((N+M)·D) times.
 */
export function sameEventIdentity(a: TraceEvent, b: TraceEvent): boolean {
  switch (a.kind) {
    case 'insn':
      return b.kind === 'insn' && a.rip === b.rip && a.text === b.text
    case 'exception':
      return b.kind === 'exception' && a.vector === b.vector && a.action === b.action
    case 'exit':
      return b.kind === 'exit' && a.reason === b.reason
    case 'vmexit':
      return b.kind === 'vmexit' && a.reason === b.reason
    case 'vmm':
      return b.kind === 'vmm' && a.action === b.action
    case 'note':
      return b.kind === 'note'
  }
}
