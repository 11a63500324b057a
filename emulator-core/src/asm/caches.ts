/**
 * Every process-wide memo of the assembler, each with a name, a bound and a reset(). Fuzz campaigns
 * assemble thousands of distinct programs from a few hundred distinct lines, and runtime images
 * repeat the same stubs: what is a pure function of a line's text (its parse) or of a parsed
 * statement and its operand values (its encoding) is remembered. Parsed statements and the byte
 * arrays handed out are read-only: what one assemble() call changes (an instruction's relaxation
 * state) lives on its own items. The memos themselves are private to this module.
 */
import { type Cache, Memo, WeakMemo } from '../types/cache'
import type { InstructionStatement } from './encode-instruction'
import type { MnemonicChoice } from './gas-mnemonics'
import type { ItemBody } from './items'
import { parseStatement } from './parse-statement'

// ---- Parsed statements ------------------------------------------------------------------------

/** Bound on remembered statements; past it the memo starts over. */
const STATEMENT_CAPACITY = 1 << 14
/** By column, then text: two lookups instead of building a combined key string per statement. */
const parsed = new Map<number, Map<string, ItemBody[]>>()
let remembered = 0

/** parseStatement(text, column), from the memo when this statement was parsed before (tokenizing and parsing are pure functions of text and column). */
export function parseStatementShared(text: string, column: number): ItemBody[] {
  let byText = parsed.get(column)
  let bodies = byText?.get(text)
  if (!bodies) {
    bodies = parseStatement(text, column)
    if (remembered >= STATEMENT_CAPACITY) {
      statements.reset()
      byText = undefined
    }
    if (!byText) parsed.set(column, (byText = new Map()))
    byText.set(text, bodies)
    remembered++
  }
  return bodies
}

const statements: Cache = {
  name: 'asm: parsed statements by column and text',
  bound: STATEMENT_CAPACITY,
  size: () => remembered,
  reset() {
    parsed.clear()
    remembered = 0
  },
}

// ---- Mnemonics ----------------------------------------------------------------------------------

/** Mnemonics as written number a few hundred; the bound only stops a pathological input growing the memos. */
const MNEMONIC_CAPACITY = 1 << 12
const mnemonics = new Memo<string, MnemonicChoice[]>('asm: readings of GAS mnemonics by lower-case name', MNEMONIC_CAPACITY)
const relaxable = new Memo<string, boolean>('asm: whether a mnemonic has rel8 and rel32 forms, by mnemonic as written', MNEMONIC_CAPACITY)
const branches = new Memo<string, boolean>('asm: whether a mnemonic has a relative-branch form, by mnemonic as written', MNEMONIC_CAPACITY)

/** read(lower), remembered by name. */
export function sharedMnemonic(lower: string, read: (lower: string) => MnemonicChoice[]): MnemonicChoice[] {
  return mnemonics.find(lower) ?? mnemonics.remember(lower, read(lower))
}

/** hasBothForms(mnemonic), remembered by mnemonic. */
export function sharedRelaxable(mnemonic: string, hasBothForms: (mnemonic: string) => boolean): boolean {
  return relaxable.find(mnemonic) ?? relaxable.remember(mnemonic, hasBothForms(mnemonic))
}

/** hasBranchForm(mnemonic), remembered by mnemonic. */
export function sharedBranch(mnemonic: string, hasBranchForm: (mnemonic: string) => boolean): boolean {
  return branches.find(mnemonic) ?? branches.remember(mnemonic, hasBranchForm(mnemonic))
}

// ---- Encodings ----------------------------------------------------------------------------------

/** An encoding and the relaxation state it left. */
export interface KnownEncoding {
  bytes: Uint8Array
  longBranch: boolean
}

/**
 * Encodings by statement, then by operand values and, unless placement-free, the instruction's
 * address and relaxation state. Fuzz programs repeat them (`mov data(%rip), %rax` at a few hundred
 * addresses), and so do the relaxation passes over a runtime image's jumps and runtime images with
 * the same stubs. Weak by statement: entries die with the parsed statements.
 */
const encodings = new WeakMemo<InstructionStatement, Map<string, KnownEncoding>>('asm: encodings by statement, operand values and placement', STATEMENT_CAPACITY)
/** Bound on one statement's remembered encodings; past it they start over. */
const ENCODINGS_PER_STATEMENT = 1 << 12
/** The one encoding of placement-free statements whose operands name no symbol (`mov $0x1000, %rax`). */
const fixedEncodings = new WeakMemo<InstructionStatement, Uint8Array>('asm: the one encoding of placement-free constant statements', STATEMENT_CAPACITY)
/** The bytes of data directives whose values name no symbol (`.quad 0`), by parsed body. */
const constantData = new WeakMemo<ItemBody, Uint8Array>('asm: bytes of constant data directives by parsed body', STATEMENT_CAPACITY)

export function findEncoding(statement: InstructionStatement, key: string): KnownEncoding | undefined {
  return encodings.find(statement)?.get(key)
}

export function rememberEncoding(statement: InstructionStatement, key: string, known: KnownEncoding): void {
  const byKey = encodings.find(statement) ?? encodings.remember(statement, new Map())
  if (byKey.size >= ENCODINGS_PER_STATEMENT) byKey.clear()
  byKey.set(key, known)
}

/** The bytes of a statement that encodes the same wherever it sits and names no symbol, once it was encoded. */
export function findFixedEncoding(statement: InstructionStatement): Uint8Array | undefined {
  return fixedEncodings.find(statement)
}

export function rememberFixedEncoding(statement: InstructionStatement, bytes: Uint8Array): void {
  fixedEncodings.remember(statement, bytes)
}

export function findConstantData(body: ItemBody): Uint8Array | undefined {
  return constantData.find(body)
}

export function rememberConstantData(body: ItemBody, bytes: Uint8Array): void {
  constantData.remember(body, bytes)
}

// ---- Padding ------------------------------------------------------------------------------------

/** Paddings are shared below GAS's jump threshold (8 x 11 bytes; longer ones jump over their NOPs). */
const SHORT_PADDINGS = 88
const paddings = new Memo<number, Uint8Array>('asm: NOP paddings by length', SHORT_PADDINGS)

/** make(count), remembered by length for paddings shorter than the jump threshold. */
export function sharedPadding(count: number, make: (count: number) => Uint8Array): Uint8Array {
  return paddings.find(count) ?? paddings.remember(count, make(count))
}

/** The assembler's caches. */
export const asmCaches: readonly Cache[] = [statements, mnemonics, relaxable, branches, encodings, fixedEncodings, constantData, paddings]
