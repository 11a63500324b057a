import type { Expression } from './expression'
import type { InstructionStatement, RelaxationState } from './encode-instruction'

/** One thing a statement contributes to the output, in source order. */
export type ItemBody =
  | { kind: 'label'; name: string }
  | { kind: 'localLabel'; label: bigint }
  | { kind: 'fep' }
  | { kind: 'assign'; name: string; expression: Expression }
  | { kind: 'instruction'; statement: InstructionStatement; state: RelaxationState }
  | { kind: 'bytes'; bytes: number[] }
  | { kind: 'data'; width: 1 | 2 | 4 | 8; directive: string; values: Expression[] }
  /** `.fill` (value is 4 bytes, zero-extended to size) or `.skip`/`.space` (skip: one fill byte per byte). */
  | { kind: 'fill'; repeat: Expression; size?: Expression; value?: Expression; skip?: boolean }
  | { kind: 'align'; boundary: Expression; powerOfTwo: boolean; fill?: Expression; max?: Expression }
  | { kind: 'org'; target: Expression; fill?: Expression }

export type Item = ItemBody & {
  /** Index into the source lines. */
  lineIndex: number
  /** 0-based column of the item's first token. */
  column: number
  /** The `.rept` copy the item belongs to ('' outside any). */
  copy: string
}
