export { assemble } from './assemble'
export { disassemble, type DisassembledInstruction } from './disassemble'
export { formatGas } from './format-gas'
export type { AsmError, AsmResult, AssembleOptions, ListingLine } from './types'
