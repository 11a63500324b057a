import { Code, Encoder, OpCodeOperandKind as K, Register, RegisterExt } from 'iced-x86'
import { type SymbolResolver, type Value, evaluate } from './expression'
import { type MnemonicChoice, resolveMnemonic } from './gas-mnemonics'
import { type OpcodeForm, formsOf } from './opcode-table'
import type { Operand } from './operands'
import { type Prefixes, type ResolvedOperand, buildInstruction } from './build-instruction'
import { StatementError } from './types'

/** One parsed instruction statement (operands in AT&T order, as written). */
export interface InstructionStatement {
  mnemonic: string
  mnemonicColumn: number
  operands: Operand[]
  prefixes: Prefixes
  /** Prefix bytes written as words (`data16`, `addr32`) that iced has no field for; emitted as-is. */
  rawPrefixes: number[]
  /** The statement text, for error messages. */
  text: string
}

/** Mutable per-statement state carried across relaxation passes. */
export interface RelaxationState {
  /** Set once a short (rel8) jump could not reach: from then on the near form is used (grow-only, like GAS). */
  longBranch: boolean
  /** The last pass's inputs and bytes: passes after the first mostly see the same values, so reuse them. */
  cached?: { key: string; bytes: Uint8Array }
}

const encoder = new Encoder(64)

interface EvaluatedOperand {
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
/** Sign-extended imm8 kinds: GAS only picks them for values known when the line is read. */
const shortImmediateKinds = new Set<K>([K.imm8sex16, K.imm8sex32, K.imm8sex64])

/** A value GAS knows as a plain number when it reads the line (so it may pick a short encoding). */
export function isKnownNumber(value: Value): boolean {
  return value.settled && value.labels === 0
}

function inRanges(value: bigint, ranges: ReadonlyArray<readonly [bigint, bigint]>): boolean {
  return ranges.some(([min, max]) => value >= min && value <= max)
}

function isBranchTarget(operand: Operand): boolean {
  return operand.kind === 'memory' && !operand.base && !operand.index && !operand.segment && !operand.indirect
}

/** Whether an operand fits an operand kind; `strictSize` false ignores register widths (for error wording). */
function operandFits(kind: K, evaluated: EvaluatedOperand, choice: MnemonicChoice, strictSize: boolean): boolean {
  const { operand, value } = evaluated
  const jumpLike = choice.iced === 'jmp' || choice.iced === 'call'
  if (jumpLike && choice.far) return operand.indirect && operand.kind === 'memory'
  if (kind === K.br64_1 || kind === K.br64_4) return isBranchTarget(operand)
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

function sourceKindBits(kind: K): number | undefined {
  return gprKinds[kind]
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
function formMatches(form: OpcodeForm, choice: MnemonicChoice, operands: EvaluatedOperand[], strictSize: boolean): boolean {
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
  if (choice.sourceSize !== undefined && sourceKindBits(kinds[kinds.length - 1]) !== choice.sourceSize) return false
  if (choice.movabs && !kinds.some((k) => k === K.imm64 || k === K.mem_offs)) return false
  if (choice.iced === 'xchg' && form.code === Code.Xchg_r32_EAX) {
    // GAS never encodes `xchg %eax,%eax` as 0x90: in 64-bit mode that would not zero the upper half.
    if (operands.every((o) => o.operand.kind === 'register' && o.operand.info.register === Register.EAX)) return false
  }
  return kinds.every((kind, i) => operandFits(kind, operands[i], choice, strictSize))
}

export interface EncodeContext {
  resolver: SymbolResolver
  /** Address of the instruction's first byte. */
  address: bigint
  state: RelaxationState
}

function evaluateOperand(operand: Operand, resolver: SymbolResolver): EvaluatedOperand {
  if (operand.kind === 'immediate') return { operand, value: evaluate(operand.expression, resolver) }
  if (operand.kind === 'memory' && operand.displacement) return { operand, value: evaluate(operand.displacement, resolver) }
  return { operand }
}

const selectorLoads = new Set(['ltr', 'lldt', 'lmsw', 'verr', 'verw'])

function asRegister32(evaluated: EvaluatedOperand): EvaluatedOperand {
  const { operand } = evaluated
  if (operand.kind !== 'register') return evaluated
  const register = RegisterExt.fullRegister32(operand.info.register)
  return { operand: { ...operand, info: { register, class: 'gpr', bits: 32 } } }
}

function isGpr(evaluated: EvaluatedOperand | undefined, bits?: number): boolean {
  const operand = evaluated?.operand
  return operand?.kind === 'register' && operand.info.class === 'gpr' && (bits === undefined || operand.info.bits === bits)
}

function isSegmentRegister(evaluated: EvaluatedOperand | undefined): boolean {
  return evaluated?.operand.kind === 'register' && evaluated.operand.info.class === 'segment'
}

/** The operand lists to try for one mnemonic choice: GAS conveniences rewritten into what iced's forms expect. */
function operandVariants(choice: MnemonicChoice, operands: EvaluatedOperand[]): EvaluatedOperand[][] {
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
    return evaluated
  })
}

function displacementValue(evaluated: EvaluatedOperand, column: number): bigint {
  const v = evaluated.value?.value ?? 0n
  if (v < -0x80000000n || v > 0x7fffffffn) {
    throw new StatementError(`0x${BigInt.asUintN(64, v).toString(16)} is out of range of a signed 32-bit displacement`, column)
  }
  return v
}

function resolveOperand(kind: K, evaluated: EvaluatedOperand): ResolvedOperand {
  const { operand, value } = evaluated
  if (kind === K.br64_1 || kind === K.br64_4) return { kind: 'branch', target: value?.value ?? 0n }
  switch (operand.kind) {
    case 'register':
      return { kind: 'register', register: operand.info.register }
    case 'immediate':
      return { kind: 'immediate', value: value!.value }
    case 'memory': {
      const segment = operand.segment?.register ?? Register.None
      if (kind === K.mem_offs) {
        return { kind: 'memory', base: Register.None, index: Register.None, scale: 1, displacement: value?.value ?? 0n, displacementSize: 8, segment }
      }
      const base = operand.base?.register ?? Register.None
      if (base === Register.RIP) {
        // GAS: `sym(%rip)` addresses sym; a plain number `0x10(%rip)` is an offset from the next instruction.
        const isOffset = !value || value.labels === 0
        return {
          kind: 'memory', base, index: Register.None, scale: 1, displacement: value?.value ?? 0n, displacementSize: 8, segment,
          ripOffset: isOffset,
        }
      }
      const displacement = displacementValue(evaluated, operand.column)
      const settled = value ? isKnownNumber(value) : true
      const hasDisplacement = operand.displacement !== undefined
      // GAS drops a known zero displacement (`0x0(%rax)` is `(%rax)`); iced adds the disp8 %rbp/%r13 need.
      // Not known yet (a forward .equ, a label): disp32, as GAS leaves room for it. iced spells disp32 as the
      // address size (8 with 64-bit registers, 4 with 32-bit ones).
      const wide = operand.base?.bits === 32 || operand.index?.bits === 32 ? 4 : 8
      const displacementSize = !hasDisplacement || (settled && displacement === 0n) ? 0 : settled ? 1 : wide
      // GAS omits an override that names the default segment (%ss for %rbp/%rsp bases, %ds otherwise).
      const defaultSegment = base === Register.RBP || base === Register.RSP || base === Register.EBP || base === Register.ESP ? Register.SS : Register.DS
      return {
        kind: 'memory',
        base,
        index: operand.index?.register ?? Register.None,
        scale: operand.scale,
        displacement,
        // iced reads a base-less disp32 with displSize 4 as 32-bit addressing (0x67); 8 keeps 64-bit.
        displacementSize: base === Register.None ? 8 : displacementSize,
        segment: segment === defaultSegment ? Register.None : segment,
      }
    }
  }
}

function describeFailure(statement: InstructionStatement, choices: MnemonicChoice[], operands: EvaluatedOperand[]): StatementError {
  const column = statement.mnemonicColumn
  const immediate = operands.find((o) => o.operand.kind === 'immediate')
  if (immediate) {
    const relaxed = operands.map((o) => (o === immediate ? { ...o, value: { value: 0n, labels: 0, settled: true } } : o))
    if (choices.some((choice) => formsOf(choice.iced).some((form) => formMatches(form, choice, relaxed, true)))) {
      return new StatementError(`immediate 0x${BigInt.asUintN(64, immediate.value!.value).toString(16)} is out of range for '${statement.text}'`, immediate.operand.column)
    }
  }
  const loose = choices.some((choice) => formsOf(choice.iced).some((form) => formMatches(form, choice, operands, false)))
  if (loose) return new StatementError(`operand size mismatch: '${statement.text}'`, column)
  return new StatementError(`invalid operands for '${statement.mnemonic}': '${statement.text}'`, column)
}

/** Keeps the forms GAS would consider: when nothing fixes the size, 64-bit for push/pop/call/jmp, else an error. */
function settleSize(statement: InstructionStatement, matches: Array<{ form: OpcodeForm; choice: MnemonicChoice }>, operands: EvaluatedOperand[]) {
  const sized = matches.some((m) => m.choice.size !== undefined) ||
    operands.some((o) => o.operand.kind === 'register' && o.operand.info.class === 'gpr')
  // Without operands (nop, ret) nothing is ambiguous: the shortest form is the default one; so for ljmp/lcall (m16:32).
  if (sized || operands.length === 0 || matches.some((m) => m.choice.far)) return matches
  const hasMemory = operands.some((o) => o.operand.kind === 'memory' && !isBranchTarget(o.operand))
  const key = (m: { form: OpcodeForm }) => (hasMemory ? m.form.memorySize : m.form.size)
  if (new Set(matches.map(key)).size <= 1) return matches
  const default64 = matches.filter((m) => m.form.defaultsTo64 && m.form.size === 64)
  if (default64.length > 0) return default64
  throw new StatementError(
    `operand size is ambiguous: add a suffix (b, w, l or q) to '${statement.mnemonic}'`,
    statement.mnemonicColumn,
  )
}

/** GAS's legacy-prefix slots (tc-i386.c: SEG, ADDR, DATA, REP, LOCK), in the order it emits them. */
const prefixSlot: Record<number, number> = {
  0x26: 0, 0x2e: 0, 0x36: 0, 0x3e: 0, 0x64: 0, 0x65: 0, 0x67: 1, 0x66: 2, 0xf2: 3, 0xf3: 3, 0xf0: 4,
}

/** Reorders leading legacy prefixes the way GAS emits them (iced puts lock first: f0 66 vs GAS 66 f0). */
function inGasPrefixOrder(bytes: Uint8Array): Uint8Array {
  let count = 0
  while (count < bytes.length && prefixSlot[bytes[count]] !== undefined) count++
  if (count < 2) return bytes
  const prefixes = [...bytes.subarray(0, count)].sort((a, b) => prefixSlot[a] - prefixSlot[b])
  bytes.set(prefixes, 0)
  return bytes
}

function encodeOnce(form: OpcodeForm, operands: ResolvedOperand[], prefixes: Prefixes, address: bigint): Uint8Array {
  const instruction = buildInstruction(form, operands, prefixes)
  try {
    encoder.encode(instruction, BigInt.asUintN(64, address))
    return inGasPrefixOrder(encoder.takeBuffer())
  } catch (error) {
    // A failed encode leaves its partial bytes in the shared encoder's buffer: drop them.
    encoder.takeBuffer()
    throw error
  } finally {
    instruction.free()
  }
}

/** Encodes one form; a numeric %rip offset needs the instruction's length, so those encode twice. */
function encodeForm(form: OpcodeForm, operands: ResolvedOperand[], prefixes: Prefixes, address: bigint): Uint8Array {
  const offsetOperand = operands.find((o) => o.kind === 'memory' && o.ripOffset)
  if (!offsetOperand || offsetOperand.kind !== 'memory') return encodeOnce(form, operands, prefixes, address)
  const offset = offsetOperand.displacement
  const withTarget = (target: bigint) => operands.map((o) => (o === offsetOperand ? { ...offsetOperand, displacement: target } : o))
  // A %rip-relative operand is always disp32, so the length does not depend on the target.
  const length = encodeOnce(form, withTarget(address), prefixes, address).length
  return encodeOnce(form, withTarget(address + BigInt(length) + offset), prefixes, address)
}

/** Encodes one instruction the way GAS would: the shortest matching form, earliest opcode on ties. */
export function encodeInstruction(statement: InstructionStatement, context: EncodeContext): Uint8Array {
  const choices = resolveMnemonic(statement.mnemonic)
  if (choices.length === 0) throw new StatementError(`unknown mnemonic '${statement.mnemonic}'`, statement.mnemonicColumn)
  const isEnter = choices[0].iced === 'enter'
  // AT&T reverses operands to Intel order, except for enter (GAS keeps its operand order).
  const ordered = isEnter ? statement.operands : [...statement.operands].reverse()
  const evaluatedRaw = ordered.map((o) => evaluateOperand(o, context.resolver))
  const key = `${context.address}|${context.state.longBranch}|${evaluatedRaw.map((o) => (o.value ? `${o.value.value}/${o.value.labels}/${o.value.settled}` : '')).join(',')}`
  if (context.state.cached?.key === key) return context.state.cached.bytes
  const bytes = encodeEvaluated(statement, choices, evaluatedRaw, context)
  context.state.cached = { key, bytes }
  return bytes
}

function encodeEvaluated(
  statement: InstructionStatement,
  choices: MnemonicChoice[],
  evaluatedRaw: EvaluatedOperand[],
  context: EncodeContext,
): Uint8Array {

  // `int $3` is spelled int3 by GAS (one byte, 0xcc).
  const only = evaluatedRaw.length === 1 ? evaluatedRaw[0].value : undefined
  if (choices[0].iced === 'int' && only && isKnownNumber(only) && only.value === 3n) {
    return new Uint8Array([0xcc])
  }

  // GAS assembles `xchg %rax,%rax` as a plain nop (REX.W changes nothing there).
  if (choices[0].iced === 'xchg' && evaluatedRaw.length === 2 && evaluatedRaw.every((o) => o.operand.kind === 'register' && o.operand.info.register === Register.RAX)) {
    return new Uint8Array([0x90])
  }

  const matches: Array<{ form: OpcodeForm; choice: MnemonicChoice; operands: EvaluatedOperand[] }> = []
  for (const choice of choices) {
    for (const operands of operandVariants(choice, evaluatedRaw)) {
      for (const form of formsOf(choice.iced)) {
        if (formMatches(form, choice, operands, true)) matches.push({ form, choice, operands })
      }
    }
  }
  if (matches.length === 0) throw describeFailure(statement, choices, evaluatedRaw)
  const candidates = settleSize(statement, matches, evaluatedRaw) as typeof matches

  const best = pickEncoding(statement, candidates, context)
  if (statement.rawPrefixes.length === 0) return best
  return new Uint8Array([...statement.rawPrefixes, ...best])
}

function pickEncoding(
  statement: InstructionStatement,
  candidates: Array<{ form: OpcodeForm; operands: EvaluatedOperand[] }>,
  context: EncodeContext,
): Uint8Array {
  let best: Uint8Array | undefined
  // GAS prefers the sign-extended imm8 form when it is as short as the accumulator form (66 83 c0 ff, not 66 05 ff ff).
  let bestShortImmediate = false
  let firstError: unknown
  for (const { form, operands } of candidates) {
    const isShortBranch = form.operands.includes(K.br64_1)
    if (isShortBranch && context.state.longBranch && candidates.some((c) => c.form.operands.includes(K.br64_4))) continue
    let bytes: Uint8Array
    try {
      const kinds = form.implicitOperands ? form.allOperands : form.operands
      const resolved = operands.map((o, i) => resolveOperand(kinds[i], o))
      // A shift written without a count (`shl %eax`) uses the shift-by-one form.
      if (resolved.length < form.operands.length) resolved.push({ kind: 'immediate', value: 1n })
      const address = context.address + BigInt(statement.rawPrefixes.length)
      bytes = encodeForm(form, resolved, statement.prefixes, address)
    } catch (error) {
      if (isShortBranch) context.state.longBranch = true
      firstError ??= error
      continue
    }
    const shortImmediate = form.operands.some((k) => shortImmediateKinds.has(k))
    if (!best || bytes.length < best.length || (bytes.length === best.length && shortImmediate && !bestShortImmediate)) {
      best = bytes
      bestShortImmediate = shortImmediate
    }
  }
  if (best) return best
  if (firstError instanceof StatementError) throw firstError
  const message = String(firstError instanceof Error ? firstError.message : firstError)
  if (candidates.some((c) => c.form.operands.includes(K.br64_1) || c.form.operands.includes(K.br64_4))) {
    throw new StatementError('jump target out of range', statement.operands[0]?.column ?? statement.mnemonicColumn)
  }
  if (/displacement|RIP|rip/i.test(message)) {
    throw new StatementError(`address out of range for '%rip'-relative operand: '${statement.text}'`, statement.mnemonicColumn)
  }
  throw new StatementError(`cannot encode '${statement.text}': ${message}`, statement.mnemonicColumn)
}
