/** One `;`-separated statement of a source line, with comments blanked out. */
export interface Statement {
  text: string
  /** 0-based column of the statement's first character in its line. */
  column: number
}

export interface SourceLine {
  /** 1-based line number within the assembled text. */
  line: number
  source: string
  statements: Statement[]
}

/** Printable ASCII without comment, string, character or statement-separator characters (or tabs). */
const PLAIN_LINE = /^[\x20\x21\x24-\x26\x28-\x2e\x30-\x3a\x3c-\x7e]*$/

/**
 * Splits source into lines and statements, blanking `#`, `//` and `/* … *\/` comments with spaces
 * so every column still points into the user's text. Block comments may span lines.
 */
export function splitSourceLines(source: string): SourceLine[] {
  const result: SourceLine[] = []
  let inBlockComment = false
  // Splitting on a string costs about half of splitting on a RegExp; only CRLF text needs the RegExp.
  const rawLines = source.includes('\r') ? source.split(/\r?\n/) : source.split('\n')
  for (let index = 0; index < rawLines.length; index++) {
    const raw = rawLines[index]
    if (!inBlockComment && PLAIN_LINE.test(raw)) {
      // Nothing to blank or split: the statement is the line itself (most generated lines).
      const text = raw.trim()
      result.push({ line: index + 1, source: raw, statements: text ? [{ text, column: raw.length - raw.trimStart().length }] : [] })
      continue
    }
    const chars = [...raw].map((c) => (c === '\t' ? ' ' : c))
    const cleaned: string[] = []
    let inString = false
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]
      if (inBlockComment) {
        if (c === '*' && chars[i + 1] === '/') {
          inBlockComment = false
          cleaned.push(' ', ' ')
          i++
        } else cleaned.push(' ')
        continue
      }
      if (inString) {
        cleaned.push(c)
        if (c === '\\' && i + 1 < chars.length) cleaned.push(chars[++i])
        else if (c === '"') inString = false
        continue
      }
      if (c === '"') {
        inString = true
        cleaned.push(c)
      } else if (c === "'") {
        // GAS character literal: 'c or 'c' (the character may be '#' or ';').
        cleaned.push(c)
        if (i + 1 < chars.length) {
          if (chars[i + 1] === '\\' && i + 2 < chars.length) cleaned.push(chars[++i], chars[++i])
          else cleaned.push(chars[++i])
        }
      } else if (c === '#' || (c === '/' && chars[i + 1] === '/')) {
        while (cleaned.length < chars.length) cleaned.push(' ')
        break
      } else if (c === '/' && chars[i + 1] === '*') {
        inBlockComment = true
        cleaned.push(' ', ' ')
        i++
      } else cleaned.push(c)
    }
    result.push({ line: index + 1, source: raw, statements: splitStatements(cleaned) })
  }
  return result
}

function splitStatements(chars: string[]): Statement[] {
  const statements: Statement[] = []
  let start = 0
  let inString = false
  const flush = (end: number) => {
    const text = chars.slice(start, end).join('')
    const leading = text.length - text.trimStart().length
    if (text.trim()) statements.push({ text: text.trim(), column: start + leading })
  }
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === "'") i += chars[i + 1] === '\\' ? 2 : 1
    else if (c === ';') {
      flush(i)
      start = i + 1
    }
  }
  flush(chars.length)
  return statements
}
