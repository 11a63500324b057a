import type { Expression } from './expression'
import type { InstructionStatement, RelaxationState } from './encode-instruction'

/**
 * One thing a statement contributes to the output, in source order. Parsed bodies are shared by every
 * assemble() call (see caches.ts), so they are read-only; `column` is that of the body's first token.
 */
export type ItemBody = { column: number } & (
  | { kind: 'label'; name: string }
  | { kind: 'localLabel'; label: bigint }
  | { kind: 'fep' }
  | { kind: 'assign'; name: string; expression: Expression }
  | { kind: 'instruction'; statement: InstructionStatement }
  | { kind: 'bytes'; bytes: number[] }
  | { kind: 'data'; width: 1 | 2 | 4 | 8; directive: string; values: Expression[] }
  /** `.fill` (value is 4 bytes, zero-extended to size) or `.skip`/`.space` (skip: one fill byte per byte). */
  | { kind: 'fill'; repeat: Expression; size?: Expression; value?: Expression; skip?: boolean }
  | { kind: 'align'; boundary: Expression; powerOfTwo: boolean; fill?: Expression; max?: Expression }
  | { kind: 'org'; target: Expression; fill?: Expression }
)

/** A body placed in one assemble() call. */
export interface Item {
  body: ItemBody
  /** Index into the source lines. */
  lineIndex: number
  /** The `.rept` copy the item belongs to ('' outside any). */
  copy: string
  /** An instruction's relaxation state across this call's passes, from its first encoding that needs one. */
  state: RelaxationState | undefined
}
