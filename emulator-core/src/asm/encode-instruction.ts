import { Encoder, OpCodeOperandKind as K, Register } from 'iced-x86'
import { type Prefixes, type ResolvedOperand, buildInstruction } from './build-instruction'
import { findEncoding, findFixedEncoding, rememberEncoding, rememberFixedEncoding, sharedBranch, sharedRelaxable } from './caches'
import { type SymbolResolver, evaluate, isConstant } from './expression'
import { type MnemonicChoice, resolveMnemonic } from './gas-mnemonics'
import { operandVariants } from './gas-operand-conventions'
import { type OpcodeForm, formsOf } from './opcode-table'
import { type EvaluatedOperand, branchKinds, formMatches, isBranchTarget, isGpr, isKnownNumber, shortImmediateKinds } from './operand-match'
import type { Operand } from './operands'
import { inGasPrefixOrder } from './prefix-order'
import { resolveOperand } from './resolve-operand'
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
}

const encoder = new Encoder(64)

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
function settleSize(
  statement: InstructionStatement,
  matches: Array<{ form: OpcodeForm; choice: MnemonicChoice; operands: EvaluatedOperand[] }>,
  operands: EvaluatedOperand[],
) {
  // A register fixes the size unless it is a shift count (%cl) or a port (%dx): `rcr %cl,(%rax)` is still unsized.
  const sizesOperation = (m: { form: OpcodeForm; operands: EvaluatedOperand[] }) =>
    m.operands.some((o, i) => isGpr(o) && m.form.operands[i] !== K.cl && m.form.operands[i] !== K.dx)
  const sized = matches.some((m) => m.choice.size !== undefined) || matches.every(sizesOperation)
  // Without operands (nop, ret) nothing is ambiguous: the shortest form is the default one; so for ljmp/lcall (m16:32).
  if (sized || operands.length === 0 || matches.some((m) => m.choice.far)) return matches
  const hasMemory = operands.some((o) => o.operand.kind === 'memory')
  const key = (m: { form: OpcodeForm }) => (hasMemory ? m.form.memoryBytes : m.form.size)
  if (new Set(matches.map(key)).size <= 1) return matches
  const default64 = matches.filter((m) => m.form.defaultsTo64 && m.form.size === 64)
  if (default64.length > 0) return default64
  throw new StatementError(
    `operand size is ambiguous: add a suffix (b, w, l or q) to '${statement.mnemonic}'`,
    statement.mnemonicColumn,
  )
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

/** jmp/jcc to a target (not through `*`): GAS emits them as relaxable frags, short or near. */
export function isRelaxableJump(statement: InstructionStatement): boolean {
  const { operands, mnemonic } = statement
  if (operands.length !== 1 || !isBranchTarget(operands[0])) return false
  return sharedRelaxable(mnemonic, hasShortAndNearForms)
}

/** Whether a mnemonic has both a rel8 and a rel32 form. */
function hasShortAndNearForms(mnemonic: string): boolean {
  return resolveMnemonic(mnemonic).some((choice) => {
    const forms = formsOf(choice.iced)
    return forms.some((f) => f.operands[0] === K.br64_1) && forms.some((f) => f.operands[0] === K.br64_4)
  })
}

/**
 * The bytes of a statement that encodes the same wherever it sits and names no symbol, once encodeInstruction
 * has met it (most of a fuzz program): asking first spares building the context.
 */
export function knownEncoding(statement: InstructionStatement): Uint8Array | undefined {
  return findFixedEncoding(statement)
}

/** Encodes one instruction the way GAS would: the shortest matching form, earliest opcode on ties. */
export function encodeInstruction(statement: InstructionStatement, context: EncodeContext): Uint8Array {
  const choices = resolveMnemonic(statement.mnemonic)
  if (choices.length === 0) {
    const hint = statement.mnemonic.toUpperCase() === 'KVM_FEP' ? ' (the forced-emulation prefix is spelled KVM_FEP)' : ''
    throw new StatementError(`unknown mnemonic '${statement.mnemonic}'${hint}`, statement.mnemonicColumn)
  }
  const isEnter = choices[0].iced === 'enter'
  // AT&T reverses operands to Intel order, except for enter (GAS keeps its operand order).
  const ordered = isEnter ? statement.operands : [...statement.operands].reverse()
  const evaluatedRaw = ordered.map((o) => evaluateOperand(o, context.resolver))
  const values = evaluatedRaw.map((o) => (o.value ? `${o.value.value}/${o.value.labels}/${o.value.settled}` : '')).join(',')
  const free = !isBranch(statement) && placementFree(statement, evaluatedRaw)
  // Shared by statement (parsed statements are shared, see ./caches) and operand values, and unless
  // placement-free by address and relaxation state.
  const key = free ? values : `${context.address}|${context.state.longBranch}|${values}`
  let known = findEncoding(statement, key)
  if (!known) {
    known = { bytes: encodeEvaluated(statement, choices, evaluatedRaw, context), longBranch: context.state.longBranch }
    rememberEncoding(statement, key, known)
  }
  // Encoding may have found that the short form cannot reach: from then on this jump is near.
  context.state.longBranch = known.longBranch
  if (free && statement.operands.every(isConstantOperand)) rememberFixedEncoding(statement, known.bytes)
  return known.bytes
}

function isConstantOperand(operand: Operand): boolean {
  if (operand.kind === 'immediate') return isConstant(operand.expression)
  return operand.kind === 'register' || !operand.displacement || isConstant(operand.displacement)
}

/** Whether a non-branch's bytes are the same wherever it sits: no label-valued operand, no %rip-relative memory. */
function placementFree(statement: InstructionStatement, operands: EvaluatedOperand[]): boolean {
  if (operands.some((o) => o.value !== undefined && o.value.labels !== 0)) return false
  return !statement.operands.some((o) => o.kind === 'memory' && o.base?.class === 'ip')
}

/** Whether the mnemonic has a relative-branch form (whose bytes depend on the address and relaxation). */
function isBranch(statement: InstructionStatement): boolean {
  return sharedBranch(statement.mnemonic, hasBranchForm)
}

function hasBranchForm(mnemonic: string): boolean {
  return resolveMnemonic(mnemonic).some((choice) => formsOf(choice.iced).some((form) => form.operands.some((k) => branchKinds.has(k))))
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
  const sized = settleSize(statement, matches, evaluatedRaw) as typeof matches
  // GAS only takes `lock` on a lockable instruction whose destination is memory.
  const candidates = statement.prefixes.lock
    ? sized.filter((m) => m.form.lockable && m.operands[0]?.operand.kind === 'memory')
    : sized
  if (candidates.length === 0) {
    throw new StatementError(
      `'lock' needs a lockable instruction with a memory destination, not '${statement.text}' (for a deliberate #UD, write .byte 0xf0 before it)`,
      statement.mnemonicColumn,
    )
  }

  const best = pickEncoding(statement, candidates, context)
  if (statement.rawPrefixes.length === 0) return best
  return new Uint8Array([...statement.rawPrefixes, ...best])
}

/**
 * Whether a rel8 cannot reach the branch target whatever the instruction's length (2 to 15 bytes). Asking iced
 * would fail too, but through an Error built in wasm: relaxing a runtime image's stub jumps made hundreds.
 */
function beyondRel8(operands: ResolvedOperand[], address: bigint): boolean {
  const branch = operands.find((o) => o.kind === 'branch')
  if (!branch || branch.kind !== 'branch') return false
  // Wrapping like the encoder's 64-bit arithmetic.
  const distance = BigInt.asIntN(64, branch.target - address)
  return distance < -0x80n || distance > 0x7fn + 15n
}

/** What a short branch beyond reach fails with; only ever a pickEncoding firstError, whose branch message wins. */
const beyondRel8Error = new Error('rel8 branch target out of reach')

function pickEncoding(
  statement: InstructionStatement,
  candidates: Array<{ form: OpcodeForm; operands: EvaluatedOperand[] }>,
  context: EncodeContext,
): Uint8Array {
  let best: Uint8Array | undefined
  // GAS prefers the sign-extended imm8 form when it is as short as the accumulator form (66 83 c0 ff, not 66 05 ff ff).
  let bestShortImmediate = false
  let bestRexW = false
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
      if (isShortBranch && beyondRel8(resolved, address)) throw beyondRel8Error
      bytes = encodeForm(form, resolved, statement.prefixes, address)
    } catch (error) {
      if (isShortBranch) context.state.longBranch = true
      firstError ??= error
      continue
    }
    const shortImmediate = form.operands.some((k) => shortImmediateKinds.has(k))
    const better = !best || bytes.length < best.length ||
      (bytes.length === best.length && ((shortImmediate && !bestShortImmediate) || (bestRexW && !form.rexW)))
    if (better) {
      best = bytes
      bestShortImmediate = shortImmediate
      bestRexW = form.rexW
    }
  }
  if (best) return best
  if (firstError instanceof StatementError) throw firstError
  const message = String(firstError instanceof Error ? firstError.message : firstError)
  if (candidates.some((c) => c.form.operands.some((k) => branchKinds.has(k)))) {
    throw new StatementError('jump target out of range', statement.operands[0]?.column ?? statement.mnemonicColumn)
  }
  if (/displacement|RIP|rip/i.test(message)) {
    throw new StatementError(`address out of range for '%rip'-relative operand: '${statement.text}'`, statement.mnemonicColumn)
  }
  throw new StatementError(`cannot encode '${statement.text}': ${message}`, statement.mnemonicColumn)
}
