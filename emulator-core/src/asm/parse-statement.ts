import { type Expression, parseWholeExpression } from './expression'
import type { Prefixes } from './build-instruction'
import type { ItemBody } from './items'
import { parseOperand, splitOperands } from './operands'
import { type Token, tokenize } from './tokens'
import { StatementError } from './types'

const dataWidths: Record<string, 1 | 2 | 4 | 8> = {
  '.byte': 1, '.word': 2, '.short': 2, '.value': 2, '.hword': 2, '.long': 4, '.int': 4, '.quad': 8,
}
const ignoredDirectives = new Set([
  '.globl', '.global', '.text', '.data', '.section', '.type', '.size', '.file', '.local', '.weak', '.hidden', '.ident',
  '.previous', '.cfi_startproc', '.cfi_endproc', '.intel_mnemonic', '.att_syntax', '.att_mnemonic',
])
const prefixWords: Record<string, { field?: keyof Prefixes; byte: number }> = {
  data16: { byte: 0x66 },
  addr32: { byte: 0x67 },
  lock: { field: 'lock', byte: 0xf0 },
  rep: { field: 'repe', byte: 0xf3 },
  repe: { field: 'repe', byte: 0xf3 },
  repz: { field: 'repe', byte: 0xf3 },
  repne: { field: 'repne', byte: 0xf2 },
  repnz: { field: 'repne', byte: 0xf2 },
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text
}

function expressionList(tokens: Token[], emptyColumn: number): Expression[] {
  if (tokens.length === 0) return []
  return splitOperands(tokens).map((group, i) => parseWholeExpression(group, group[0]?.column ?? emptyColumn + i))
}

/** Arguments that may be left empty (`.p2align 4,,7`): an empty slot is undefined. */
function optionalList(tokens: Token[]): Array<Expression | undefined> {
  if (tokens.length === 0) return []
  return splitOperands(tokens).map((group) => (group.length === 0 ? undefined : parseWholeExpression(group, 0)))
}

function stringBytes(tokens: Token[], directive: string, column: number, terminate: boolean): number[] {
  const bytes: number[] = []
  const groups = splitOperands(tokens)
  for (const group of groups) {
    if (group.length !== 1 || group[0].kind !== 'string') {
      throw new StatementError(`${directive} expects "quoted strings"`, group[0]?.column ?? column)
    }
    bytes.push(...group[0].bytes!)
    if (terminate) bytes.push(0)
  }
  return bytes
}

function parseDirective(name: Token, args: Token[]): ItemBody[] {
  const directive = name.text.toLowerCase()
  const column = name.column
  const end = column + name.text.length
  if (ignoredDirectives.has(directive)) return []
  if (directive === '.code64') return []
  if (directive === '.code32' || directive === '.code16') {
    throw new StatementError(`${directive} is not supported: guest code is 64-bit (.code64)`, column)
  }
  const width = dataWidths[directive]
  if (width) return [{ kind: 'data', width, directive, values: expressionList(args, end), column }]
  if (directive === '.ascii') return [{ kind: 'bytes', bytes: stringBytes(args, directive, end, false), column }]
  if (directive === '.asciz' || directive === '.string') {
    return [{ kind: 'bytes', bytes: stringBytes(args, directive, end, true), column }]
  }
  const list = optionalList(args)
  const needs = (min: number, max: number, usage: string) => {
    if (list.length < min || list.length > max || list.slice(0, min).includes(undefined)) {
      throw new StatementError(`usage: ${directive} ${usage}`, column)
    }
  }
  switch (directive) {
    case '.fill':
      needs(1, 3, 'repeat[, size[, value]]')
      return [{ kind: 'fill', repeat: list[0]!, size: list[1], value: list[2], column }]
    case '.skip':
    case '.space':
      needs(1, 2, 'size[, fill]')
      return [{ kind: 'fill', repeat: list[0]!, value: list[1], skip: true, column }]
    case '.align':
    case '.balign':
    case '.p2align':
      needs(1, 3, 'boundary[, fill[, max]]')
      return [{ kind: 'align', boundary: list[0]!, powerOfTwo: directive === '.p2align', fill: list[1], max: list[2], column }]
    case '.org':
      needs(1, 2, 'offset[, fill]')
      return [{ kind: 'org', target: list[0]!, fill: list[1], column }]
    case '.equ':
    case '.set':
    case '.equiv': {
      const symbol = args[0]
      if (!symbol || symbol.kind !== 'ident' || !isPunct(args[1], ',')) {
        throw new StatementError(`usage: ${directive} name, value`, symbol?.column ?? end)
      }
      return [{ kind: 'assign', name: symbol.text, expression: parseWholeExpression(args.slice(2), args[1].column + 1), column }]
    }
  }
  throw new StatementError(`unknown directive '${name.text}'`, column)
}

/** Parses one `;`-separated statement into the items it contributes (labels, data, an instruction…). */
export function parseStatement(text: string, column: number): ItemBody[] {
  // Ignored directives may carry GAS-only syntax (`.type f, @function`): don't tokenize them.
  const word = /^[.A-Za-z_][\w.$]*/.exec(text)?.[0].toLowerCase()
  if (word && ignoredDirectives.has(word)) return []
  const tokens = tokenize(text, column)
  const bodies: ItemBody[] = []
  let i = 0
  // Labels: `name:` and `1:`, any number of them, before anything else.
  while (tokens[i] && isPunct(tokens[i + 1], ':') && (tokens[i].kind === 'ident' || tokens[i].kind === 'number')) {
    const t = tokens[i]
    if (t.kind === 'number') bodies.push({ kind: 'localLabel', label: t.value!, column: t.column })
    else bodies.push({ kind: 'label', name: t.text, column: t.column })
    i += 2
  }
  if (tokens[i]?.kind === 'ident' && tokens[i].text === 'KVM_FEP') {
    bodies.push({ kind: 'fep', column: tokens[i].column })
    i++
  }
  const head = tokens[i]
  if (!head) return bodies
  if (head.kind !== 'ident') throw new StatementError(`expected a label, directive or mnemonic, found '${head.text}'`, head.column)
  if (isPunct(tokens[i + 1], '=')) {
    const expression = parseWholeExpression(tokens.slice(i + 2), tokens[i + 1].column + 1)
    bodies.push({ kind: 'assign', name: head.text, expression, column: head.column })
    return bodies
  }
  if (head.text.startsWith('.')) return [...bodies, ...parseDirective(head, tokens.slice(i + 1))]

  const prefixes: Prefixes = { lock: false, repe: false, repne: false }
  const prefixBytes: number[] = []
  const rawPrefixes: number[] = []
  let mnemonic = head
  while (tokens[i]?.kind === 'ident' && Object.hasOwn(prefixWords, tokens[i].text.toLowerCase())) {
    const prefix = prefixWords[tokens[i].text.toLowerCase()]
    if (prefix.field) prefixes[prefix.field] = true
    else rawPrefixes.push(prefix.byte)
    prefixBytes.push(prefix.byte)
    i++
    mnemonic = tokens[i] ?? mnemonic
  }
  if (!tokens[i]) {
    // A prefix on its own (`lock; cmpxchg …`) emits just its byte, as GAS does.
    bodies.push({ kind: 'bytes', bytes: prefixBytes, column: head.column })
    return bodies
  }
  if (mnemonic.kind !== 'ident') throw new StatementError(`expected a mnemonic, found '${mnemonic.text}'`, mnemonic.column)
  const operandTokens = tokens.slice(i + 1)
  const operands = operandTokens.length === 0
    ? []
    : splitOperands(operandTokens).map((group, n) => parseOperand(group, group[0]?.column ?? mnemonic.column + n))
  const statementText = text.slice(mnemonic.column - column).trim()
  bodies.push({
    kind: 'instruction',
    statement: { mnemonic: mnemonic.text, mnemonicColumn: mnemonic.column, operands, prefixes, rawPrefixes, text: statementText },
    column: head.column,
  })
  return bodies
}
