/**
 * Decoded instructions by address and bytes, shared by every machine. A fuzz campaign assembles a
 * new program per case, but the same instructions recur at the same addresses, and decoding with
 * iced (plus formatting the trace text) costs far more than finding them again. Sound because x86
 * decoding reads an instruction's bytes in order and decides its length from them alone: the same
 * leading bytes at the same address decode to the same instruction, whatever follows.
 */
import type { Insn } from './insn'

interface Node {
  insn?: Insn
  next?: Map<number, Node>
}

/** Bound on remembered instructions (a few MiB with their trie); past it the memo starts over. */
const CAPACITY = 1 << 14
const roots = new Map<number, Node>()
let remembered = 0

/** Guest memory, as the memo reads it (a machine). */
interface Memory {
  peek(address: number, size: 1): number
}

/** The remembered instruction whose bytes start the `length` bytes at `address`, if any (read in place: a hit copies no window). */
export function findDecoded(address: number, length: number, memory: Memory): Insn | undefined {
  let node = roots.get(address)
  for (let i = 0; node !== undefined && i < length; i++) {
    node = node.next?.get(memory.peek(address + i, 1))
    if (node?.insn) return node.insn
  }
  return undefined
}

/** Remembers a decoded instruction the CPU models (#UD-by-name entries are left to a fresh decode). */
export function rememberDecoded(insn: Insn): void {
  if (insn.unsupported) return
  if (remembered >= CAPACITY) {
    roots.clear()
    remembered = 0
  }
  let node = roots.get(insn.addr)
  if (!node) roots.set(insn.addr, (node = {}))
  for (const byte of insn.bytes) {
    node.next ??= new Map<number, Node>()
    let child = node.next.get(byte)
    if (!child) node.next.set(byte, (child = {}))
    node = child
  }
  if (!node.insn) {
    node.insn = insn
    remembered++
  }
}
