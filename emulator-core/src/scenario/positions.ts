import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'

/** A key path into the scenario document, as zod and yaml both spell it. */
export type KeyPath = ReadonlyArray<PropertyKey>

/** `vcpu.dr.dr0`, `vmm[0].do[1]`. */
export function keyPathText(path: KeyPath): string {
  let text = ''
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`
    else text += text ? `.${String(part)}` : String(part)
  }
  return text
}

/** Finds where a key path sits in the document: the key itself when `atKey`, else its value (or the nearest ancestor). */
export class DocumentPositions {
  constructor(private readonly doc: Document, private readonly lines: LineCounter) {}

  at(path: KeyPath, atKey = false): { line: number; column: number } {
    let node: unknown = this.doc.contents
    let offset = rangeStart(node) ?? 0
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part))
        if (!pair) break
        offset = (atKey && part === path[path.length - 1] ? rangeStart(pair.key) : rangeStart(pair.value)) ?? offset
        node = pair.value
      } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
        node = node.items[part]
        offset = rangeStart(node) ?? offset
      } else break
    }
    const pos = this.lines.linePos(offset)
    return { line: pos.line, column: pos.col }
  }

  /** The document node at a path (for block-scalar positions). */
  node(path: KeyPath): Node | undefined {
    const found = this.doc.getIn(path as unknown[], true)
    return found && typeof found === 'object' ? (found as Node) : undefined
  }

  linePos(offset: number): { line: number; column: number } {
    const pos = this.lines.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range
  return range?.[0]
}
