/** GAS's legacy-prefix slots (tc-i386.c: SEG, ADDR, DATA, REP, LOCK), in the order it emits them. */
const prefixSlot: Record<number, number> = {
  0x26: 0, 0x2e: 0, 0x36: 0, 0x3e: 0, 0x64: 0, 0x65: 0, 0x67: 1, 0x66: 2, 0xf2: 3, 0xf3: 3, 0xf0: 4,
}

/** Reorders leading legacy prefixes the way GAS emits them (iced puts lock first: f0 66 vs GAS 66 f0). */
export function inGasPrefixOrder(bytes: Uint8Array): Uint8Array {
  let count = 0
  while (count < bytes.length && prefixSlot[bytes[count]] !== undefined) count++
  if (count < 2) return bytes
  const prefixes = [...bytes.subarray(0, count)].sort((a, b) => prefixSlot[a] - prefixSlot[b])
  bytes.set(prefixes, 0)
  return bytes
}
