/**
 * Parsed statements remembered by text and column, shared by every assemble() call. Fuzz campaigns
 * assemble thousands of distinct programs built from a few hundred distinct lines, and tokenizing and
 * parsing a line is a pure function of its text and column. Parsed bodies are read-only except for an
 * instruction's relaxation state, which each caller gets fresh.
 */
import { type ParsedBody, parseStatement } from './parse-statement'

/** Bound on remembered statements; past it the memo starts over. */
const CAPACITY = 1 << 14
const parsed = new Map<string, ParsedBody[]>()

/** parseStatement(text, column), from the memo when this statement was parsed before. */
export function parseStatementShared(text: string, column: number): ParsedBody[] {
  const key = `${column}|${text}`
  let bodies = parsed.get(key)
  if (!bodies) {
    bodies = parseStatement(text, column)
    if (parsed.size >= CAPACITY) parsed.clear()
    parsed.set(key, bodies)
  }
  return bodies.map((body) => (body.kind === 'instruction' ? { ...body, state: { longBranch: false } } : body))
}
