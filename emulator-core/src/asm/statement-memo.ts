/**
 * Parsed statements remembered by column and text, shared by every assemble() call. Fuzz campaigns
 * assemble thousands of distinct programs built from a few hundred distinct lines, and tokenizing and
 * parsing a line is a pure function of its text and column. Parsed bodies are read-only: what one
 * assemble() call changes (an instruction's relaxation state) lives on its own items.
 */
import type { ItemBody } from './items'
import { parseStatement } from './parse-statement'

/** Bound on remembered statements; past it the memo starts over. */
const CAPACITY = 1 << 14
/** By column, then text: two lookups instead of building a combined key string per statement. */
const parsed = new Map<number, Map<string, ItemBody[]>>()
let remembered = 0

/** parseStatement(text, column), from the memo when this statement was parsed before. */
export function parseStatementShared(text: string, column: number): ItemBody[] {
  let byText = parsed.get(column)
  let bodies = byText?.get(text)
  if (!bodies) {
    bodies = parseStatement(text, column)
    if (remembered >= CAPACITY) {
      parsed.clear()
      remembered = 0
      byText = undefined
    }
    if (!byText) parsed.set(column, (byText = new Map()))
    byText.set(text, bodies)
    remembered++
  }
  return bodies
}
