import type { TraceEvent } from '../types'

/**
 * The identity of an event for alignment: its kind plus the fields that say "this is the same step",
 * so two runs line up on it even when its values (DR6, payload, path) differ. Values are compared
 * afterwards, field by field, on the aligned pairs.
 */
export function eventSignature(event: TraceEvent): string {
  switch (event.kind) {
    case 'insn':
      return `insn ${event.rip} ${event.text}`
    case 'exception':
      return `exception ${event.vector} ${event.action}`
    case 'exit':
      return `exit ${event.reason}`
    case 'vmexit':
      return `vmexit ${event.reason}`
    case 'vmm':
      return `vmm ${event.action}`
    case 'note':
      return 'note'
  }
}

/** Maps signatures to small integers so the aligner compares numbers. One table per comparison. */
export class SignatureTable {
  private readonly ids = new Map<string, number>()

  keys<T>(items: readonly T[], signature: (item: T) => string): Int32Array {
    const keys = new Int32Array(items.length)
    for (let i = 0; i < items.length; i++) {
      const s = signature(items[i])
      let id = this.ids.get(s)
      if (id === undefined) this.ids.set(s, (id = this.ids.size))
      keys[i] = id
    }
    return keys
  }
}
