import { type SymbolResolver, evaluate, parseWholeExpression } from './expression'
import type { SourceLine, Statement } from './source-lines'
import { tokenize } from './tokens'
import { StatementError } from './types'

export interface PlacedStatement {
  lineIndex: number
  statement: Statement
  /** Which `.rept` copy this is ('' outside any), so the listing shows each copy on its own row. */
  copy: string
}

/** Statements beyond this many after expanding `.rept` are refused (a typo'd count, not a program). */
const maxExpandedStatements = 100_000

const numbersOnly: SymbolResolver = {
  symbol: (name, column) => {
    throw new StatementError(`the .rept count must be a number (found '${name}')`, column)
  },
  localLabel: (label, direction, column) => {
    throw new StatementError(`the .rept count must be a number (found '${label}${direction}')`, column)
  },
  dot: () => {
    throw new StatementError("the .rept count must be a number (found '.')", 0)
  },
}

/** `[labels:] .rept N` or `[labels:] .endr`; one RegExp object for every statement of every program. */
const REPEAT_DIRECTIVE = /^((?:(?:[A-Za-z_.][\w.$]*|\d+)\s*:\s*)*)(\.rept|\.endr)(?=\s|$)/i

/**
 * Splits `[labels:] .rept N` / `.endr` into the labels (placed before the block) and the directive itself;
 * undefined for any other statement.
 */
function splitDirective(statement: Statement): { labels?: Statement; directive: string; rest: Statement } | undefined {
  const m = REPEAT_DIRECTIVE.exec(statement.text)
  if (!m) return undefined
  const rest = { text: statement.text.slice(m[1].length), column: statement.column + m[1].length }
  return { labels: m[1] ? { text: m[1].trim(), column: statement.column } : undefined, directive: m[2].toLowerCase(), rest }
}

function repeatCount(statement: Statement): number {
  const argument = statement.text.slice('.rept'.length)
  const tokens = tokenize(argument, statement.column + '.rept'.length)
  const value = evaluate(parseWholeExpression(tokens, statement.column + statement.text.length), numbersOnly).value
  if (value < 0n || value > BigInt(maxExpandedStatements)) {
    throw new StatementError(`the .rept count ${value} is out of range (0..${maxExpandedStatements})`, statement.column)
  }
  return Number(value)
}

interface Frame {
  count: number
  opener: PlacedStatement
  body: PlacedStatement[]
}

/**
 * Hands the program's statements to `emit` in order, with each `.rept N` … `.endr` body repeated N times (GAS
 * semantics, nesting allowed). Every copy keeps its source line, so errors point at the text the user wrote.
 */
export function expandRepeats(
  lines: SourceLine[],
  errors: Array<{ lineIndex: number; error: StatementError }>,
  emit: (lineIndex: number, statement: Statement, copy: string) => void,
): void {
  const frames: Frame[] = []
  let emitted = 0
  const place = (lineIndex: number, statement: Statement, copy: string) => {
    if (frames.length > 0) frames[frames.length - 1].body.push({ lineIndex, statement, copy })
    else {
      emitted++
      emit(lineIndex, statement, copy)
    }
  }
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    for (const written of lines[lineIndex].statements) {
      const split = splitDirective(written)
      const statement = split ? split.rest : written
      const directive = split?.directive
      if (split?.labels) place(lineIndex, split.labels, '')
      try {
        if (directive === '.rept') frames.push({ count: repeatCount(statement), opener: { lineIndex, statement, copy: '' }, body: [] })
        else if (directive === '.endr') {
          const frame = frames.pop()
          if (!frame) throw new StatementError("'.endr' without a '.rept'", statement.column)
          if (frame.count * frame.body.length + emitted > maxExpandedStatements) {
            throw new StatementError(`.rept expands to more than ${maxExpandedStatements} statements`, frame.opener.statement.column)
          }
          for (let i = 0; i < frame.count; i++) {
            for (const p of frame.body) place(p.lineIndex, p.statement, `${i}.${p.copy}`)
          }
        } else place(lineIndex, statement, '')
      } catch (error) {
        if (!(error instanceof StatementError)) throw error
        errors.push({ lineIndex, error })
        // A bad count still opens a block, so its .endr is not reported as stray.
        if (directive === '.rept') frames.push({ count: 0, opener: { lineIndex, statement, copy: '' }, body: [] })
      }
    }
  }
  for (const frame of frames) {
    errors.push({ lineIndex: frame.opener.lineIndex, error: new StatementError("'.rept' without a matching '.endr'", frame.opener.statement.column) })
  }
}
