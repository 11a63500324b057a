import type { CompareVerdict, Trace } from '../types'

/**
 * The verdict of a comparison, in the words the app's summary strip and every report use:
 * - `inconclusive: budget reached on A` (or `B`, `A and B`) when a side stopped at its instruction or
 *   exit budget: what it would have done next is unknown, so neither "same" nor "diverges" is honest;
 * - `diverges` when an observable result differs (guest exceptions, exits, VM-exits, VMM results,
 *   final state, outcome);
 * - `same results, internal KVM steps differ` when the results agree but aligned event rows do not
 *   (docs/reference/kvm-db-semantics.md §4's "=" rows such as S1, where POST writes DR6 at injection);
 * - `same` when every event row matches too.
 */
export function compareVerdict(equal: boolean, eventsEqual: boolean, traces: readonly [Trace, Trace]): CompareVerdict {
  const budget = (['A', 'B'] as const).filter((_, i) => traces[i].outcome === 'limit')
  if (budget.length) return { kind: 'inconclusive', text: `inconclusive: budget reached on ${budget.join(' and ')}`, budget: [...budget] }
  if (!equal) return { kind: 'diverges', text: 'diverges' }
  if (!eventsEqual) return { kind: 'same-results', text: 'same results, internal KVM steps differ' }
  return { kind: 'same', text: 'same' }
}
