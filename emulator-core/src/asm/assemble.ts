import { findConstantData, parseStatementShared, rememberConstantData } from './caches'
import { type SymbolResolver, type Value, evaluate, isConstant } from './expression'
import { encodeInstruction, isRelaxableJump, knownEncoding } from './encode-instruction'
import type { Item, ItemBody } from './items'
import { encodeData, littleEndian } from './data-directives'
import { nopPadding } from './nop-padding'
import { lookupRegister } from './registers'
import { expandRepeats } from './repeat-blocks'
import { type SourceLine, splitSourceLines } from './source-lines'
import { type AsmError, type AsmResult, type AssembleOptions, type ListingLine, StatementError } from './types'

/** `ud2; .ascii "kvm"`: KVM's forced-emulation prefix (kvm_emulate_instruction's "KVM_FEP" signature). */
const fepBytes = new Uint8Array([0x0f, 0x0b, 0x6b, 0x76, 0x6d])
/** What items without bytes emit. Emitted chunks are only ever read, so these are shared. */
const noBytes = new Uint8Array(0)
const maxPasses = 40
/** Far beyond any guest memory PatchLab models; stops `.fill`/`.org` typos from exhausting the host. */
const maxImageBytes = 64n * 0x100000n

interface PassResult {
  /** Offset of each item from the origin. */
  offsets: number[]
  /** Bytes each item emitted. */
  chunks: Uint8Array[]
  /** Bytes emitted in all. */
  size: number
  errors: Array<{ item: Item; error: StatementError }>
  /** Values of `name = value` symbols (undefined when the program assigns none, as most do). */
  assigned: Map<string, Value> | undefined
  /**
   * Whether the pass used a value it could not know yet (a symbol or local label defined further on). A pass
   * that guessed nothing saw only values of its own, so another pass would repeat it exactly.
   */
  guessed: boolean
}

class Layout {
  /** The items defining each numeric local label (`1:`); undefined when there are none, as in most programs. */
  readonly localDefinitions: Map<bigint, number[]> | undefined
  /** GAS's frag of each item: a new frag starts after every item whose size relaxation may change. */
  readonly frags: number[] = []
  /** The first item defining each name, a label or a `name = value`, in source order. */
  readonly definitions = new Map<string, number>()
  /** Items that define a name again where either definition is a label (an error). */
  readonly redefinitions: number[] = []
  readonly fepItems: number[] = []

  constructor(readonly items: Item[]) {
    let frag = 0
    let localDefinitions: Map<bigint, number[]> | undefined
    for (let index = 0; index < items.length; index++) {
      const { body } = items[index]
      this.frags.push(frag)
      if (startsVariableFrag(body)) frag++
      if (body.kind === 'label' || body.kind === 'assign') {
        const first = this.definitions.get(body.name)
        if (first === undefined) this.definitions.set(body.name, index)
        else if (body.kind === 'label' || items[first].body.kind === 'label') this.redefinitions.push(index)
      }
      if (body.kind === 'fep') this.fepItems.push(index)
      if (body.kind === 'localLabel') {
        localDefinitions ??= new Map()
        const list = localDefinitions.get(body.label)
        if (list) list.push(index)
        else localDefinitions.set(body.label, [index])
      }
    }
    this.localDefinitions = localDefinitions
  }
}

/** Items GAS assembles into a variable-size frag: relaxable jumps, .align and .org. */
function startsVariableFrag(body: ItemBody): boolean {
  return body.kind === 'align' || body.kind === 'org' || (body.kind === 'instruction' && isRelaxableJump(body.statement))
}

function runPass(layout: Layout, origin: bigint, previous: PassResult | undefined): PassResult {
  return new Pass(layout, origin, previous).run()
}

/**
 * One layout pass over the items; it is also the expressions' symbol resolver. A class rather than
 * closures: assembling a short program runs a few passes, and per-pass closures were a visible share.
 */
class Pass implements SymbolResolver {
  private readonly offsets: number[]
  private readonly chunks: Uint8Array[] = []
  private readonly errors: PassResult['errors'] = []
  private assigned: Map<string, Value> | undefined
  private offset = 0
  private current = 0
  private guessed = false

  constructor(private readonly layout: Layout, private readonly origin: bigint, private readonly previous: PassResult | undefined) {
    this.offsets = new Array<number>(layout.items.length).fill(0)
  }

  run(): PassResult {
    const { items } = this.layout
    for (this.current = 0; this.current < items.length; this.current++) {
      const item = items[this.current]
      this.offsets[this.current] = this.offset
      let bytes: Uint8Array = noBytes
      try {
        bytes = this.emitItem(item)
      } catch (error) {
        if (!(error instanceof StatementError)) throw error
        this.errors.push({ item, error })
      }
      this.chunks.push(bytes)
      this.offset += bytes.length
    }
    return { offsets: this.offsets, chunks: this.chunks, size: this.offset, errors: this.errors, assigned: this.assigned, guessed: this.guessed }
  }

  symbol(name: string, column: number): Value {
    const { layout, previous } = this
    const definition = layout.definitions.get(name)
    if (definition !== undefined && layout.items[definition].body.kind === 'label') return this.offsetOfItem(definition)
    if (definition !== undefined) {
      const value = this.assigned?.get(name)
      if (value) return value
      this.guessed = true
      const before = previous?.assigned?.get(name)
      return { value: before?.value ?? 0n, labels: before?.labels ?? 0, settled: false }
    }
    // AT&T needs `%` on registers; Intel-syntax habits (`mov rax, 1`) land here.
    const hint = lookupRegister(name) ? ` (registers are written with '%': %${name})` : ''
    throw new StatementError(`undefined symbol '${name}'${hint}`, column)
  }

  localLabel(label: bigint, direction: 'f' | 'b', column: number): Value {
    const definitions = this.layout.localDefinitions?.get(label) ?? []
    const target = direction === 'b'
      ? definitions.filter((index) => index < this.current).pop()
      : definitions.find((index) => index > this.current)
    if (target === undefined) {
      const where = direction === 'b' ? 'before' : 'after'
      throw new StatementError(`no local label '${label}:' ${where} this line for '${label}${direction}'`, column)
    }
    return this.offsetOfItem(target)
  }

  dot(): Value {
    return { value: this.origin + BigInt(this.offset), labels: 1, settled: true, frag: this.layout.frags[this.current] }
  }

  /** The address of an item (a label's): known when it comes before the current one, else guessed from the previous pass. */
  private offsetOfItem(index: number): Value {
    const settled = index < this.current
    if (!settled) this.guessed = true
    const known = settled ? this.offsets[index] : this.previous?.offsets[index] ?? this.offset
    return { value: this.origin + BigInt(known), labels: 1, settled, frag: this.layout.frags[index] }
  }

  private number(expression: Parameters<typeof evaluate>[0], what: string): bigint {
    const v = evaluate(expression, this)
    if (v.labels !== 0) throw new StatementError(`${what} must be a number, not an address`, expression.column)
    return v.value
  }

  /** Guards the image size before a directive allocates `count` bytes. */
  private reserve(count: bigint, column: number): void {
    if (BigInt(this.offset) + count > maxImageBytes) {
      throw new StatementError(`the program would grow past ${maxImageBytes / 0x100000n} MiB`, column)
    }
  }

  private emitItem(item: Item): Uint8Array {
    const { origin, offset } = this
    const { body } = item
    switch (body.kind) {
      case 'label':
      case 'localLabel':
        return noBytes
      case 'fep':
        return fepBytes
      case 'assign': {
        const v = evaluate(body.expression, this)
        this.assigned ??= new Map()
        this.assigned.set(body.name, v)
        return noBytes
      }
      case 'bytes':
        return new Uint8Array(body.bytes)
      case 'instruction':
        return knownEncoding(body.statement) ??
          encodeInstruction(body.statement, { resolver: this, address: origin + BigInt(offset), state: (item.state ??= { longBranch: false }) })
      case 'data': {
        const known = findConstantData(body)
        if (known) return known
        const bytes = encodeData(body.width, body.directive, body.values.map((e) => [evaluate(e, this).value, e.column] as const))
        if (body.values.every(isConstant)) rememberConstantData(body, bytes)
        return bytes
      }
      case 'fill': {
        const repeat = this.number(body.repeat, 'repeat count')
        const size = body.size ? this.number(body.size, 'size') : 1n
        const value = body.value ? this.number(body.value, 'fill value') : 0n
        if (repeat < 0n) throw new StatementError(`repeat count ${repeat} is negative`, body.repeat.column)
        if (size < 0n || size > 8n) throw new StatementError(`fill size ${size} must be 0..8`, body.column)
        this.reserve(repeat * size, body.repeat.column)
        // GAS .fill: the value is a 4-byte number, zero-extended to `size` bytes.
        const unit = littleEndian(body.skip ? BigInt.asUintN(8, value) : BigInt.asUintN(32, value), Number(size))
        const out = new Uint8Array(Number(repeat) * unit.length)
        for (let i = 0; i < Number(repeat); i++) out.set(unit, i * unit.length)
        return out
      }
      case 'align': {
        const raw = this.number(body.boundary, 'alignment')
        const boundary = body.powerOfTwo ? (raw >= 0n && raw < 32n ? 1n << raw : -1n) : raw
        if (boundary <= 0n || (boundary & (boundary - 1n)) !== 0n || boundary > 0x10000000n) {
          throw new StatementError(`alignment ${raw} is not a power of two`, body.boundary.column)
        }
        const address = origin + BigInt(offset)
        const gap = Number((boundary - (address % boundary)) % boundary)
        const max = body.max ? this.number(body.max, 'maximum skip') : undefined
        if (max !== undefined && gap > Number(max)) return noBytes
        if (!body.fill) return nopPadding(gap)
        return new Uint8Array(gap).fill(Number(BigInt.asUintN(8, this.number(body.fill, 'fill value'))))
      }
      case 'org': {
        const v = evaluate(body.target, this)
        if (v.labels > 1 || v.labels < 0) throw new StatementError('.org needs an offset or an address', body.target.column)
        const target = v.labels === 1 ? v.value - origin : v.value
        if (target < BigInt(offset)) {
          throw new StatementError(`.org 0x${BigInt.asUintN(64, target).toString(16)} would move backwards (already at offset 0x${offset.toString(16)})`, body.target.column)
        }
        this.reserve(target - BigInt(offset), body.target.column)
        const fill = body.fill ? Number(BigInt.asUintN(8, this.number(body.fill, 'fill value'))) : 0
        return new Uint8Array(Number(target - BigInt(offset))).fill(fill)
      }
    }
  }
}

function sameLayout(a: PassResult, b: PassResult): boolean {
  return a.offsets.every((o, i) => o === b.offsets[i]) && a.chunks.every((c, i) => c.length === b.chunks[i].length)
}

function parseItems(lines: SourceLine[], errors: Array<{ lineIndex: number; error: StatementError }>): Item[] {
  const items: Item[] = []
  // Reported after the .rept errors (statements are parsed as they are expanded).
  const statementErrors: typeof errors = []
  expandRepeats(lines, errors, (lineIndex, statement, copy) => {
    try {
      for (const body of parseStatementShared(statement.text, statement.column)) {
        items.push({ body, lineIndex, copy, state: undefined })
      }
    } catch (error) {
      if (!(error instanceof StatementError)) throw error
      statementErrors.push({ lineIndex, error })
    }
  })
  errors.push(...statementErrors)
  return items
}

function redefinitionError(layout: Layout, index: number, lines: SourceLine[], lineOffset: number): { lineIndex: number; error: StatementError } {
  const { body, lineIndex } = layout.items[index]
  const name = body.kind === 'label' || body.kind === 'assign' ? body.name : ''
  const first = layout.items[layout.definitions.get(name) ?? index]
  const line = lines[first.lineIndex].line + lineOffset
  return { lineIndex, error: new StatementError(`symbol '${name}' is already defined on line ${line}`, body.column) }
}

/** Assembles GNU as AT&T-syntax source into bytes placed at `origin`; never throws for any input. */
export function assemble(source: string, options: AssembleOptions = {}): AsmResult {
  const file = options.fileName ?? '<asm>'
  const origin = options.origin ?? 0n
  const lineOffset = options.lineOffset ?? 0
  const lines = splitSourceLines(source)
  const toError = (lineIndex: number, error: StatementError): AsmError => ({
    file,
    line: lines[lineIndex].line + lineOffset,
    column: error.column + 1,
    message: error.message,
  })
  try {
    const parseErrors: Array<{ lineIndex: number; error: StatementError }> = []
    const layout = new Layout(parseItems(lines, parseErrors))
    for (const index of layout.redefinitions) parseErrors.push(redefinitionError(layout, index, lines, lineOffset))
    if (parseErrors.length > 0) return { ok: false, errors: parseErrors.map((e) => toError(e.lineIndex, e.error)) }

    let pass = runPass(layout, origin, undefined)
    let converged = !pass.guessed
    for (let n = 1; n < maxPasses && !converged; n++) {
      const next = runPass(layout, origin, pass)
      converged = sameLayout(pass, next)
      pass = next
    }
    if (pass.errors.length > 0) {
      return { ok: false, errors: pass.errors.map(({ item, error }) => toError(item.lineIndex, error)) }
    }
    if (!converged) {
      return { ok: false, errors: [{ file, line: 1 + lineOffset, column: 1, message: `code layout did not settle after ${maxPasses} passes (jumps keep changing size)` }] }
    }
    return finish(layout, pass, lines, origin, lineOffset)
  } catch (error) {
    // Defensive: assemble() promises errors, never exceptions, whatever the input.
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, errors: [{ file, line: 1 + lineOffset, column: 1, message: `internal assembler error: ${message}` }] }
  }
}

function finish(layout: Layout, pass: PassResult, lines: SourceLine[], origin: bigint, lineOffset: number): AsmResult {
  const bytes = concatenate(pass)
  const symbols: Record<string, bigint> = {}
  if (pass.assigned) for (const [name, value] of pass.assigned) defineSymbol(symbols, name, BigInt.asUintN(64, value.value))
  // forEach: for-of over the map's [name, index] entries allocated an entry array per symbol.
  layout.definitions.forEach((index, name) => {
    if (layout.items[index].body.kind === 'label') defineSymbol(symbols, name, origin + BigInt(pass.offsets[index]))
  })
  const fepSites = layout.fepItems.map((i) => origin + BigInt(pass.offsets[i]))
  return new Assembled(bytes, origin, symbols, fepSites, () => buildListing(layout.items, pass, lines, origin, lineOffset))
}

/**
 * A successful result. The listing is built on first read: only `patchlab asm --listing` reads it, running
 * guests never do. (A class: an object literal with a getter takes V8's slow path, ~0.3 µs per result.)
 */
class Assembled {
  readonly ok = true
  #listing: ListingLine[] | undefined
  readonly #buildListing: () => ListingLine[]

  constructor(
    readonly bytes: Uint8Array,
    readonly origin: bigint,
    readonly symbols: Record<string, bigint>,
    readonly fepSites: bigint[],
    buildListing: () => ListingLine[],
  ) {
    this.#buildListing = buildListing
  }

  get listing(): ListingLine[] {
    this.#listing ??= this.#buildListing()
    return this.#listing
  }
}

/** Adds an own property, even for a symbol called __proto__ (which assignment would take for the prototype). */
function defineSymbol(symbols: Record<string, bigint>, name: string, value: bigint): void {
  if (name === '__proto__') Object.defineProperty(symbols, name, { value, writable: true, enumerable: true, configurable: true })
  else symbols[name] = value
}

/** The pass's chunks, one after the other. */
function concatenate(pass: PassResult): Uint8Array {
  const bytes = new Uint8Array(pass.size)
  for (let i = 0; i < pass.chunks.length; i++) bytes.set(pass.chunks[i], pass.offsets[i])
  return bytes
}

/**
 * One listing line per run of items from the same source line, in address order (a `.rept` body appears
 * once per copy); lines that emit nothing (`.text`, `.rept`, comments with code) keep their place.
 * Bytes come from the pass, not from the result's `bytes`, which the caller may have changed since.
 */
function buildListing(items: Item[], pass: PassResult, lines: SourceLine[], origin: bigint, lineOffset: number): ListingLine[] {
  const listing: ListingLine[] = []
  const bytes = concatenate(pass)
  const entry = (lineIndex: number, start: number, end: number) => {
    const line = lines[lineIndex]
    listing.push({ line: line.line + lineOffset, address: origin + BigInt(start), bytes: bytes.slice(start, end), source: line.source })
  }
  const linesWithItems = new Set(items.map((item) => item.lineIndex))
  let listedUpTo = -1
  const listQuietLines = (before: number, at: number) => {
    for (let l = listedUpTo + 1; l < before; l++) {
      if (lines[l].statements.length > 0 && !linesWithItems.has(l)) entry(l, at, at)
    }
    listedUpTo = Math.max(listedUpTo, before - 1)
  }
  for (let i = 0; i < items.length; ) {
    const lineIndex = items[i].lineIndex
    let end = i
    while (end < items.length && items[end].lineIndex === lineIndex && items[end].copy === items[i].copy) end++
    const start = pass.offsets[i]
    listQuietLines(lineIndex, start)
    entry(lineIndex, start, end < items.length ? pass.offsets[end] : bytes.length)
    listedUpTo = Math.max(listedUpTo, lineIndex)
    i = end
  }
  listQuietLines(lines.length, bytes.length)
  return listing
}
