import { Register } from 'iced-x86'
import { type Expression, ExpressionParser, parseWholeExpression } from './expression'
import { lookupRegister, type RegisterInfo } from './registers'
import type { Token } from './tokens'
import { StatementError } from './types'

export interface RegisterOperand {
  kind: 'register'
  info: RegisterInfo
  column: number
}

export interface ImmediateOperand {
  kind: 'immediate'
  expression: Expression
  column: number
}

/** `seg:disp(base,index,scale)`; a bare expression (jump target or absolute address) has no base/index. */
export interface MemoryOperand {
  kind: 'memory'
  segment?: RegisterInfo
  displacement?: Expression
  base?: RegisterInfo
  index?: RegisterInfo
  scale: 1 | 2 | 4 | 8
  column: number
}

/** One AT&T operand; `indirect` marks `*` (jmp/call through a register or memory). */
export type Operand = (RegisterOperand | ImmediateOperand | MemoryOperand) & { indirect: boolean }

/** Splits an operand list at top-level commas. */
export function splitOperands(tokens: Token[]): Token[][] {
  const groups: Token[][] = [[]]
  let depth = 0
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++
    if (t.kind === 'punct' && t.text === ')') depth--
    if (t.kind === 'punct' && t.text === ',' && depth === 0) groups.push([])
    else groups[groups.length - 1].push(t)
  }
  return groups
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text
}

/** Reads `%name` at tokens[i]; returns the register and the index after it. */
function readRegister(tokens: Token[], i: number): [RegisterInfo, number] {
  const percent = tokens[i]
  const name = tokens[i + 1]
  if (!name || name.kind !== 'ident' || name.column !== percent.column + 1) {
    throw new StatementError("expected a register name after '%'", percent.column)
  }
  const info = lookupRegister(name.text)
  if (!info) throw new StatementError(`unknown register '%${name.text}'`, percent.column)
  return [info, i + 2]
}

export function parseOperand(tokens: Token[], emptyColumn: number): Operand {
  if (tokens.length === 0) throw new StatementError('missing operand', emptyColumn)
  let rest = tokens
  const indirect = isPunct(rest[0], '*')
  if (indirect) rest = rest.slice(1)
  if (rest.length === 0) throw new StatementError("missing operand after '*'", tokens[0].column)
  const column = rest[0].column

  if (isPunct(rest[0], '$')) {
    if (indirect) throw new StatementError("'*' cannot apply to an immediate", tokens[0].column)
    return { kind: 'immediate', expression: parseWholeExpression(rest.slice(1), column + 1), column, indirect }
  }

  let segment: RegisterInfo | undefined
  if (isPunct(rest[0], '%')) {
    const [info, next] = readRegister(rest, 0)
    if (next === rest.length) return { kind: 'register', info, column, indirect }
    if (!isPunct(rest[next], ':')) throw new StatementError(`unexpected '${rest[next].text}' after register`, rest[next].column)
    if (info.class !== 'segment') throw new StatementError(`'%${rest[1].text}' is not a segment register`, column)
    segment = info
    rest = rest.slice(next + 1)
    if (rest.length === 0) throw new StatementError("missing address after segment override", column)
  }
  return { ...parseMemory(rest, column), segment, indirect }
}

/** Finds the `(` that opens the base/index part: the last top-level one followed by `%` or `,`. */
function baseIndexStart(tokens: Token[]): number {
  if (!isPunct(tokens[tokens.length - 1], ')')) return -1
  let depth = 0
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (isPunct(tokens[i], ')')) depth++
    if (isPunct(tokens[i], '(')) {
      depth--
      if (depth === 0) return isPunct(tokens[i + 1], '%') || isPunct(tokens[i + 1], ',') ? i : -1
    }
  }
  return -1
}

function parseMemory(tokens: Token[], column: number): Omit<MemoryOperand, 'segment'> {
  const open = baseIndexStart(tokens)
  const displacementTokens = open < 0 ? tokens : tokens.slice(0, open)
  let displacement: Expression | undefined
  if (displacementTokens.length > 0) {
    const parser = new ExpressionParser(displacementTokens, 0)
    displacement = parser.parse()
    const extra = displacementTokens[parser.position]
    if (extra) throw new StatementError(`unexpected '${extra.text}' in operand`, extra.column)
  }
  if (open < 0) return { kind: 'memory', displacement, scale: 1, column }

  const inner = tokens.slice(open + 1, tokens.length - 1)
  const parts: Token[][] = [[]]
  for (const t of inner) {
    if (isPunct(t, ',')) parts.push([])
    else parts[parts.length - 1].push(t)
  }
  if (parts.length > 3) throw new StatementError('too many parts in (base,index,scale)', tokens[open].column)
  const register = (part: Token[], what: string): RegisterInfo | undefined => {
    if (part.length === 0) return undefined
    if (!isPunct(part[0], '%')) throw new StatementError(`expected a ${what} register`, part[0].column)
    const [info, next] = readRegister(part, 0)
    if (next !== part.length) throw new StatementError(`unexpected '${part[next].text}'`, part[next].column)
    const usable = info.class === 'gpr' ? info.bits >= 32 : info.class === 'ip' && what === 'base'
    if (!usable) throw new StatementError(`'%${part[1].text}' cannot be a ${what} register`, part[0].column)
    return info
  }
  // `(%dx)` is GAS's spelling of the port register for in/out; the encoder accepts it only there.
  if (parts.length === 1 && parts[0].length === 2 && displacement === undefined && lookupRegister(parts[0][1].text)?.register === Register.DX) {
    return { kind: 'memory', base: lookupRegister('dx'), scale: 1, column }
  }
  const base = register(parts[0], 'base')
  const index = parts.length > 1 ? register(parts[1], 'index') : undefined
  if (index?.register === Register.RSP || index?.register === Register.ESP) {
    throw new StatementError("'%rsp' cannot be an index register", parts[1][0].column)
  }
  let scale: 1 | 2 | 4 | 8 = 1
  if (parts.length > 2 && parts[2].length > 0) {
    const s = parts[2]
    if (s.length !== 1 || s[0].kind !== 'number' || ![1n, 2n, 4n, 8n].includes(s[0].value!)) {
      throw new StatementError('scale must be 1, 2, 4 or 8', s[0].column)
    }
    scale = Number(s[0].value) as 1 | 2 | 4 | 8
  }
  if (base && index && base.bits !== index.bits && base.class !== 'ip') {
    throw new StatementError('base and index registers must have the same size', parts[1][0].column)
  }
  if (base?.class === 'ip' && index) throw new StatementError("'%rip' cannot be combined with an index", parts[1][0].column)
  return { kind: 'memory', displacement, base, index, scale, column }
}
