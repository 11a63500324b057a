import { Register, RegisterExt } from 'iced-x86'
import type { MnemonicChoice } from './gas-mnemonics'
import { type EvaluatedOperand, isGpr, isSegmentRegister } from './operand-match'

const selectorLoads = new Set(['ltr', 'lldt', 'lmsw', 'verr', 'verw'])
/** Stores of a selector into a register: GAS writes `str %r13` without REX.W (the r32 form). */
const selectorStores = new Set(['str', 'sldt'])

function asRegister32(evaluated: EvaluatedOperand): EvaluatedOperand {
  const { operand } = evaluated
  if (operand.kind !== 'register') return evaluated
  const register = RegisterExt.fullRegister32(operand.info.register)
  return { operand: { ...operand, info: { register, class: 'gpr', bits: 32 } } }
}

/** The operand lists to try for one mnemonic choice: GAS conveniences rewritten into what iced's forms expect. */
export function operandVariants(choice: MnemonicChoice, operands: EvaluatedOperand[]): EvaluatedOperand[][] {
  const normalized = normalizeOperands(choice, operands)
  // `imul $5, %ebx` is GAS shorthand for `imul $5, %ebx, %ebx`.
  if (choice.iced === 'imul' && normalized.length === 2 && normalized[1].operand.kind === 'immediate' && isGpr(normalized[0])) {
    return [[normalized[0], normalized[0], normalized[1]]]
  }
  // xchg and test are symmetric: GAS uses the accumulator and r/m forms with the operands either way round.
  if ((choice.iced === 'xchg' || choice.iced === 'test') && normalized.length === 2) return [normalized, [normalized[1], normalized[0]]]
  return [normalized]
}

/** GAS conveniences rewritten into the operand lists iced's forms expect (Intel order). */
function normalizeOperands(choice: MnemonicChoice, operands: EvaluatedOperand[]): EvaluatedOperand[] {
  // mov to/from a segment register: GAS never adds REX.W or (when loading) 0x66; it uses the r32/m16 forms.
  if (choice.iced === 'mov' && operands.some(isSegmentRegister)) {
    const loading = isSegmentRegister(operands[0])
    return operands.map((o) => (isGpr(o, 64) || (loading && isGpr(o, 16)) ? asRegister32(o) : o))
  }
  return operands.map((evaluated) => {
    const { operand } = evaluated
    // in/out accept `(%dx)` for the port register.
    if (/^(in|out)/.test(choice.iced) && operand.kind === 'memory' && operand.base?.register === Register.DX) {
      return { operand: { kind: 'register', info: operand.base, column: operand.column, indirect: false } }
    }
    // Loads of a 16-bit selector/word (ltr %ax, lldt, lmsw, verr, verw): GAS uses the r32/m16 form, no 0x66.
    if (selectorLoads.has(choice.iced) && isGpr(evaluated, 16)) return asRegister32(evaluated)
    if (selectorStores.has(choice.iced) && isGpr(evaluated, 64)) return asRegister32(evaluated)
    return evaluated
  })
}
