import { StatementError } from './types'

export type TokenKind = 'ident' | 'number' | 'localRef' | 'char' | 'string' | 'punct'

export interface Token {
  kind: TokenKind
  text: string
  /** 0-based column in the source line. */
  column: number
  /** number/char: the value; localRef: the label number. */
  value?: bigint
  /** localRef: 'f' (next definition) or 'b' (previous definition). */
  direction?: 'f' | 'b'
  /** string: the decoded bytes. */
  bytes?: number[]
}

const punctuation = ['<<', '>>', '%', '$', '(', ')', ',', ':', '*', '+', '-', '/', '&', '|', '^', '~', '!', '=']

const escapes: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '\\': 92, '"': 34, "'": 39 }

/** Reads one backslash escape at text[i] (just after the backslash); returns [byte, characters consumed]. */
function readEscape(text: string, i: number, column: number): [number, number] {
  const c = text[i]
  if (c === 'x') {
    // GAS reads every hex digit that follows and keeps the low 8 bits (`\x414` is 0x14).
    const m = /^[0-9a-fA-F]+/.exec(text.slice(i + 1))
    if (!m) throw new StatementError('\\x escape needs hex digits', column)
    return [Number(BigInt(`0x${m[0]}`) & 0xffn), 1 + m[0].length]
  }
  const octal = /^[0-7]{1,3}/.exec(text.slice(i))
  if (octal) return [parseInt(octal[0], 8) & 0xff, octal[0].length]
  if (c === undefined) throw new StatementError('a backslash must be followed by a character', column)
  // Like GAS, an unknown escape stands for the character itself (`\q` is `q`).
  return [escapes[c] ?? c.charCodeAt(0) & 0xff, 1]
}

function parseNumber(text: string, column: number): Token {
  const local = /^([0-9]+)([fb])$/.exec(text)
  if (local && !/^0b[01]+$/i.test(text)) {
    return { kind: 'localRef', text, column, value: BigInt(local[1]), direction: local[2] as 'f' | 'b' }
  }
  let value: bigint | undefined
  if (/^0x[0-9a-f]+$/i.test(text)) value = BigInt(text)
  else if (/^0b[01]+$/i.test(text)) value = BigInt(text)
  else if (/^0[0-7]+$/.test(text)) value = BigInt(`0o${text.slice(1)}`)
  else if (/^[0-9]+$/.test(text)) value = BigInt(text)
  if (value === undefined) throw new StatementError(`invalid number '${text}'`, column)
  if (value >= 1n << 64n) throw new StatementError(`number '${text}' does not fit in 64 bits`, column)
  return { kind: 'number', text, column, value }
}

/** Splits one statement's text into tokens; columns are relative to the source line (offset added). */
export function tokenize(text: string, offset: number): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    const column = offset + i
    if (c === ' ') {
      i++
      continue
    }
    if (/[A-Za-z_.]/.test(c)) {
      const m = /^[A-Za-z_.][A-Za-z0-9_.$]*/.exec(text.slice(i))!
      tokens.push({ kind: 'ident', text: m[0], column })
      i += m[0].length
      continue
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9A-Za-z_]*/.exec(text.slice(i))!
      tokens.push(parseNumber(m[0], column))
      i += m[0].length
      continue
    }
    if (c === "'") {
      if (i + 1 >= text.length) throw new StatementError('character literal is missing its character', column)
      let value: number
      let consumed: number
      if (text[i + 1] === '\\') {
        ;[value, consumed] = readEscape(text, i + 2, column)
        consumed += 2
      } else {
        value = text.codePointAt(i + 1)!
        consumed = 2
      }
      if (text[i + consumed] === "'") consumed++
      tokens.push({ kind: 'char', text: text.slice(i, i + consumed), column, value: BigInt(value) })
      i += consumed
      continue
    }
    if (c === '"') {
      const bytes: number[] = []
      let j = i + 1
      for (;;) {
        if (j >= text.length) throw new StatementError('unterminated string (missing closing ")', column)
        const d = text[j]
        if (d === '"') break
        if (d === '\\') {
          const [byte, consumed] = readEscape(text, j + 1, offset + j)
          bytes.push(byte)
          j += 1 + consumed
        } else {
          for (const byte of new TextEncoder().encode(d)) bytes.push(byte)
          j++
        }
      }
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), column, bytes })
      i = j + 1
      continue
    }
    const p = punctuation.find((candidate) => text.startsWith(candidate, i))
    if (!p) throw new StatementError(`unexpected character '${c}'`, column)
    tokens.push({ kind: 'punct', text: p, column })
    i += p.length
  }
  return tokens
}
