import { Code, OpCodeOperandKind as K, Register, RegisterExt } from 'iced-x86'
import type { Value } from './expression'
import type { MnemonicChoice } from './gas-mnemonics'
import type { OpcodeForm } from './opcode-table'
import type { Operand } from './operands'

/** An operand with its expression evaluated for this pass. */
export interface EvaluatedOperand {
  operand: Operand
  value?: Value
}

const gprKinds: Partial<Record<K, number>> = {
  [K.r8_reg]: 8, [K.r8_opcode]: 8, [K.r16_reg]: 16, [K.r16_reg_mem]: 16, [K.r16_rm]: 16, [K.r16_opcode]: 16,
  [K.r32_reg]: 32, [K.r32_reg_mem]: 32, [K.r32_rm]: 32, [K.r32_opcode]: 32, [K.r64_reg]: 64, [K.r64_reg_mem]: 64,
  [K.r64_rm]: 64, [K.r64_opcode]: 64, [K.r8_or_mem]: 8, [K.r16_or_mem]: 16, [K.r32_or_mem]: 32, [K.r64_or_mem]: 64,
}
const memoryKinds = new Set<K>([K.mem, K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r64_or_mem, K.mm_or_mem, K.xmm_or_mem])
const fixedRegisters: Partial<Record<K, Register>> = {
  [K.al]: Register.AL, [K.cl]: Register.CL, [K.ax]: Register.AX, [K.dx]: Register.DX, [K.eax]: Register.EAX,
  [K.rax]: Register.RAX, [K.es]: Register.ES, [K.cs]: Register.CS, [K.ss]: Register.SS, [K.ds]: Register.DS,
  [K.fs]: Register.FS, [K.gs]: Register.GS,
}
const classKinds: Partial<Record<K, string>> = {
  [K.seg_reg]: 'segment', [K.cr_reg]: 'control', [K.dr_reg]: 'debug', [K.tr_reg]: 'test', [K.xmm_reg]: 'xmm',
  [K.xmm_rm]: 'xmm', [K.xmm_or_mem]: 'xmm', [K.mm_reg]: 'mmx', [K.mm_rm]: 'mmx', [K.mm_or_mem]: 'mmx',
}

const I8 = [-0x80n, 0x7fn] as const
/** Immediate ranges GAS accepts per kind: [min, max] pairs (several when the unsigned spelling wraps). */
const immediateRanges: Partial<Record<K, ReadonlyArray<readonly [bigint, bigint]>>> = {
  [K.imm8]: [[-0x80n, 0xffn]],
  [K.imm8sex16]: [I8, [0xff80n, 0xffffn]],
  [K.imm8sex32]: [I8, [0xffffff80n, 0xffffffffn]],
  [K.imm8sex64]: [I8],
  [K.imm16]: [[-0x8000n, 0xffffn]],
  [K.imm32]: [[-0x80000000n, 0xffffffffn]],
  [K.imm32sex64]: [[-0x80000000n, 0x7fffffffn]],
  [K.imm64]: [[-(1n << 63n), (1n << 64n) - 1n]],
}
/** rel8/rel32 targets of jmp/jcc/call/loop and xbegin's rel32 fallback address. */
export const branchKinds = new Set<K>([K.br64_1, K.br64_4, K.xbegin_4])

/** Sign-extended imm8 kinds: GAS only picks them for values known when the line is read. */
export const shortImmediateKinds = new Set<K>([K.imm8sex16, K.imm8sex32, K.imm8sex64])

/** A value GAS knows as a plain number when it reads the line (so it may pick a short encoding). */
export function isKnownNumber(value: Value): boolean {
  return value.settled && value.labels === 0
}

function inRanges(value: bigint, ranges: ReadonlyArray<readonly [bigint, bigint]>): boolean {
  return ranges.some(([min, max]) => value >= min && value <= max)
}

export function isBranchTarget(operand: Operand): boolean {
  return operand.kind === 'memory' && !operand.base && !operand.index && !operand.segment && !operand.indirect
}

/** Whether an operand fits an operand kind; `strictSize` false ignores register widths (for error wording). */
function operandFits(kind: K, evaluated: EvaluatedOperand, choice: MnemonicChoice, strictSize: boolean): boolean {
  const { operand, value } = evaluated
  const jumpLike = choice.iced === 'jmp' || choice.iced === 'call'
  if (jumpLike && choice.far) return operand.indirect && operand.kind === 'memory'
  if (branchKinds.has(kind)) return isBranchTarget(operand)
  if (operand.indirect && !(jumpLike && (memoryKinds.has(kind) || gprKinds[kind] !== undefined))) return false
  if (jumpLike && !operand.indirect && operand.kind !== 'immediate') return false
  switch (operand.kind) {
    case 'register': {
      const info = operand.info
      const fixed = fixedRegisters[kind]
      if (fixed !== undefined) return strictSize ? info.register === fixed : RegisterExt.number(info.register) === RegisterExt.number(fixed)
      const bits = gprKinds[kind]
      if (bits !== undefined) return info.class === 'gpr' && (!strictSize || info.bits === bits)
      const registerClass = classKinds[kind]
      return registerClass === info.class
    }
    case 'memory':
      // moffs: with movabs, or (as GAS does) for a plain mov whose absolute address needs more than 32 bits.
      if (kind === K.mem_offs) {
        const wide = value !== undefined && (value.value < -0x80000000n || value.value > 0x7fffffffn)
        return (choice.movabs === true || (choice.iced === 'mov' && wide)) && !operand.base && !operand.index
      }
      return memoryKinds.has(kind)
    case 'immediate': {
      if (kind === K.imm8_const_1) return isKnownNumber(value!) && value!.value === 1n
      const ranges = immediateRanges[kind]
      if (!ranges) return false
      if (shortImmediateKinds.has(kind) && !isKnownNumber(value!)) return false
      return inRanges(value!.value, ranges)
    }
  }
}

export function isGpr(evaluated: EvaluatedOperand | undefined, bits?: number): boolean {
  const operand = evaluated?.operand
  return operand?.kind === 'register' && operand.info.class === 'gpr' && (bits === undefined || operand.info.bits === bits)
}

export function isSegmentRegister(evaluated: EvaluatedOperand | undefined): boolean {
  return evaluated?.operand.kind === 'register' && evaluated.operand.info.class === 'segment'
}

const implicitBases: Partial<Record<K, Register>> = { [K.seg_rSI]: Register.RSI, [K.es_rDI]: Register.RDI, [K.seg_rDI]: Register.RDI, [K.seg_rBX_al]: Register.RBX }

/** String instructions written with their operands (`movsb (%rsi),(%rdi)`, `stos %rax,(%rdi)`), as iced prints them. */
function implicitFits(kind: K, { operand }: EvaluatedOperand): boolean {
  const base = implicitBases[kind]
  if (base !== undefined) {
    if (operand.kind !== 'memory' || operand.base?.register !== base || operand.index || operand.displacement) return false
    return kind === K.seg_rSI || !operand.segment || operand.segment.register === Register.ES
  }
  return operand.kind === 'register' && operand.info.register === fixedRegisters[kind]
}

/** Whether a form can take these operands (Intel order); shifts accept an omitted `$1`. */
export function formMatches(form: OpcodeForm, choice: MnemonicChoice, operands: EvaluatedOperand[], strictSize: boolean): boolean {
  if (form.farPointer !== (choice.far === true)) return false
  if (form.implicitOperands) {
    return operands.length === 0 || (operands.length === form.allOperands.length && form.allOperands.every((kind, i) => implicitFits(kind, operands[i])))
  }
  let kinds = form.operands
  if (operands.length + 1 === kinds.length && kinds[kinds.length - 1] === K.imm8_const_1 && operands.length === 1) {
    kinds = kinds.slice(0, -1)
  }
  if (kinds.length !== operands.length) return false
  // A suffix on a segment-register mov (`movw (%rbx), %es`) only confirms the 16-bit selector size.
  const segmentMove = choice.iced === 'mov' && operands.some(isSegmentRegister)
  if (strictSize && choice.size !== undefined && form.size !== choice.size && !segmentMove) return false
  if (choice.sourceSize !== undefined && gprKinds[kinds[kinds.length - 1]] !== choice.sourceSize) return false
  if (choice.movabs && !kinds.some((k) => k === K.imm64 || k === K.mem_offs)) return false
  if (choice.iced === 'xchg' && form.code === Code.Xchg_r32_EAX) {
    // GAS never encodes `xchg %eax,%eax` as 0x90: in 64-bit mode that would not zero the upper half.
    if (operands.every((o) => o.operand.kind === 'register' && o.operand.info.register === Register.EAX)) return false
  }
  return kinds.every((kind, i) => operandFits(kind, operands[i], choice, strictSize))
}
