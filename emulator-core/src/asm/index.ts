/**
 * PatchLab's GNU as (AT&T, 64-bit) subset. Pipeline: source-lines (comments, `;`) → repeat-blocks (`.rept`) →
 * parse-statement (labels, KVM_FEP, directives, operands) → assemble (relaxation passes until every address is stable) →
 * encode-instruction (pick the iced-x86 Code GAS would, from the OpCodeInfo table in opcode-table, and encode
 * it with iced's Encoder). Encodings are checked byte for byte against GNU as in gas-encodings.test.ts.
 */
export { assemble } from './assemble'
export { disassemble, type DisassembledInstruction } from './disassemble'
export { formatGas } from './format-gas'
export type { AsmError, AsmResult, AssembleOptions, ListingLine } from './types'
