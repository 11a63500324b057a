/**
 * The NOP sequences GAS pads code with (binutils tc-i386.c alt_patt, 64-bit): the longest is 11 bytes; a
 * gap is filled with as many 11-byte NOPs as fit, then one shorter NOP for the rest; long gaps start with a jmp.
 */
import { sharedPadding } from './caches'

const nops: readonly (readonly number[])[] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x0f, 0x1f, 0x00],
  [0x0f, 0x1f, 0x40, 0x00],
  [0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
  [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
  [0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
]
const longest = nops.length - 1

/** From this many bytes on, GAS jumps over the padding instead of executing it (found against as 2.40). */
const jumpThreshold = 8 * longest

export function nopPadding(count: number): Uint8Array {
  // Paddings shorter than the jump threshold are shared (emitted chunks are only ever read).
  if (count < jumpThreshold) return sharedPadding(count, nopsOnly)
  const short = count - 2 <= 0x7f
  const jump = short ? [0xeb, count - 2] : [0xe9, ...littleEndian32(count - 5)]
  return new Uint8Array([...jump, ...nops11Then(count - jump.length)])
}

/** A padding of NOPs only. */
function nopsOnly(count: number): Uint8Array {
  return new Uint8Array(nops11Then(count))
}

function littleEndian32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]
}

function nops11Then(count: number): number[] {
  const bytes: number[] = []
  let remaining = count
  while (remaining > longest) {
    bytes.push(...nops[longest])
    remaining -= longest
  }
  bytes.push(...nops[remaining])
  return bytes
}
