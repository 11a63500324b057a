import type { Token } from './tokens'
import { StatementError } from './types'

export type Expression =
  | { kind: 'number'; value: bigint; column: number }
  | { kind: 'symbol'; name: string; column: number }
  | { kind: 'localRef'; label: bigint; direction: 'f' | 'b'; column: number }
  | { kind: 'dot'; column: number }
  | { kind: 'unary'; op: string; operand: Expression; column: number }
  | { kind: 'binary'; op: string; left: Expression; right: Expression; column: number }

/** What an expression evaluates to. */
export interface Value {
  value: bigint
  /** Net count of label (address) terms: 0 = a plain number, 1 = an address. */
  labels: number
  /** False when a term was unknown or defined later (GAS then picks the widest immediate/displacement). */
  settled: boolean
  /**
   * For an address: GAS's frag holding the label. A difference of two labels is a number GAS knows when it reads
   * the line only if both sit in the same frag (no relaxable jump, .align or .org between them).
   */
  frag?: number
}

/** How symbols resolve while evaluating; implementations throw StatementError for undefined names. */
export interface SymbolResolver {
  symbol(name: string, column: number): Value
  localLabel(label: bigint, direction: 'f' | 'b', column: number): Value
  /** `.`: the address of the current statement. */
  dot(): Value
}

/** Parses a GAS expression from tokens[start]; GAS precedence: unary > * / << >> > | & ^ ! > + -. */
export class ExpressionParser {
  position: number

  constructor(
    private readonly tokens: Token[],
    start: number,
  ) {
    this.position = start
  }

  private peek(): Token | undefined {
    return this.tokens[this.position]
  }

  private isPunct(text: string): boolean {
    const t = this.peek()
    return t?.kind === 'punct' && t.text === text
  }

  parse(): Expression {
    return this.parseAdditive()
  }

  private parseBinaryLevel(ops: string[], next: () => Expression): Expression {
    let left = next()
    for (;;) {
      const t = this.peek()
      if (!t || t.kind !== 'punct' || !ops.includes(t.text)) return left
      this.position++
      const right = next()
      left = { kind: 'binary', op: t.text, left, right, column: t.column }
    }
  }

  private parseAdditive(): Expression {
    return this.parseBinaryLevel(['+', '-'], () => this.parseBitwise())
  }

  private parseBitwise(): Expression {
    return this.parseBinaryLevel(['|', '&', '^', '!'], () => this.parseMultiplicative())
  }

  private parseMultiplicative(): Expression {
    return this.parseBinaryLevel(['*', '/', '<<', '>>'], () => this.parseUnary())
  }

  private parseUnary(): Expression {
    const t = this.peek()
    if (t?.kind === 'punct' && ['-', '+', '~', '!'].includes(t.text)) {
      this.position++
      return { kind: 'unary', op: t.text, operand: this.parseUnary(), column: t.column }
    }
    return this.parsePrimary()
  }

  private parsePrimary(): Expression {
    const t = this.peek()
    if (!t) {
      const last = this.tokens[this.tokens.length - 1]
      throw new StatementError('expected an expression', last ? last.column + last.text.length : 0)
    }
    this.position++
    switch (t.kind) {
      case 'number':
      case 'char':
        return { kind: 'number', value: t.value!, column: t.column }
      case 'localRef':
        return { kind: 'localRef', label: t.value!, direction: t.direction!, column: t.column }
      case 'ident':
        return t.text === '.' ? { kind: 'dot', column: t.column } : { kind: 'symbol', name: t.text, column: t.column }
      case 'punct':
        if (t.text === '(') {
          const inner = this.parse()
          if (!this.isPunct(')')) throw new StatementError("expected ')'", this.peek()?.column ?? t.column)
          this.position++
          return inner
        }
        break
      case 'string':
        break
    }
    throw new StatementError(`expected an expression, found '${t.text}'`, t.column)
  }
}

/** Parses a whole token list as one expression; trailing tokens are an error. */
export function parseWholeExpression(tokens: Token[], emptyColumn: number): Expression {
  if (tokens.length === 0) throw new StatementError('expected an expression', emptyColumn)
  const parser = new ExpressionParser(tokens, 0)
  const expression = parser.parse()
  const rest = tokens[parser.position]
  if (rest) throw new StatementError(`unexpected '${rest.text}' after expression`, rest.column)
  return expression
}

/** Whether an expression names no symbol, local label or `.`, so its value is known from the text alone. */
export function isConstant(expression: Expression): boolean {
  switch (expression.kind) {
    case 'number':
      return true
    case 'unary':
      return isConstant(expression.operand)
    case 'binary':
      return isConstant(expression.left) && isConstant(expression.right)
    default:
      return false
  }
}

/** Guest arithmetic is 64-bit two's complement; values are kept signed in [-2^63, 2^63). */
function wrap(value: bigint): bigint {
  return BigInt.asIntN(64, value)
}

export function evaluate(expression: Expression, resolver: SymbolResolver): Value {
  switch (expression.kind) {
    case 'number':
      return { value: wrap(expression.value), labels: 0, settled: true }
    case 'symbol':
      return resolver.symbol(expression.name, expression.column)
    case 'localRef':
      return resolver.localLabel(expression.label, expression.direction, expression.column)
    case 'dot':
      return resolver.dot()
    case 'unary': {
      const v = evaluate(expression.operand, resolver)
      if (v.labels !== 0 && expression.op !== '+') {
        throw new StatementError(`'${expression.op}' cannot apply to an address`, expression.column)
      }
      const value = expression.op === '-' ? -v.value : expression.op === '~' ? ~v.value : expression.op === '!' ? (v.value === 0n ? 1n : 0n) : v.value
      return { value: wrap(value), labels: v.labels, settled: v.settled, frag: v.frag }
    }
    case 'binary': {
      const l = evaluate(expression.left, resolver)
      const r = evaluate(expression.right, resolver)
      const settled = l.settled && r.settled
      const frag = l.labels !== 0 ? l.frag : r.frag
      if (expression.op === '+') return { value: wrap(l.value + r.value), labels: l.labels + r.labels, settled, frag }
      if (expression.op === '-') {
        const difference = l.labels === 1 && r.labels === 1
        return {
          value: wrap(l.value - r.value),
          labels: l.labels - r.labels,
          settled: settled && (!difference || l.frag === r.frag),
          frag: difference ? undefined : frag,
        }
      }
      if (l.labels !== 0 || r.labels !== 0) {
        throw new StatementError(`'${expression.op}' cannot apply to an address (only + and - can)`, expression.column)
      }
      return { value: wrap(applyArithmetic(expression.op, l.value, r.value, expression.column)), labels: 0, settled }
    }
  }
}

function applyArithmetic(op: string, l: bigint, r: bigint, column: number): bigint {
  switch (op) {
    case '*':
      return l * r
    case '/':
    case '%':
      if (r === 0n) throw new StatementError('division by zero', column)
      return op === '/' ? l / r : l % r
    case '<<':
      return r < 0n || r > 63n ? 0n : l << r
    case '>>':
      return r < 0n || r > 63n ? 0n : BigInt.asUintN(64, l) >> r
    case '&':
      return l & r
    case '|':
      return l | r
    case '^':
      return l ^ r
    case '!':
      return l | ~r
  }
  throw new StatementError(`unknown operator '${op}'`, column)
}
