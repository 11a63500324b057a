/** A guest value as it appears in JSON: lowercase `0x…`, never a float. */
export type Hex = `0x${string}`

// Traces format the same few values again and again (DR6/DR7 images, handler and program addresses):
// remembering their text spares the formatting and a string per value per run. Keyed by the value as
// given (5 and 5n are two entries with one text). Bounded: past it the memo starts over.
const MEMO_CAPACITY = 4096
const formatted = new Map<bigint | number, Hex>()

/** Formats a guest value as lowercase `0x…` (the only form hex takes in JSON and reports). */
export function hex(value: bigint | number): Hex {
  let text = formatted.get(value)
  if (text === undefined) {
    if (typeof value === 'number' && !Number.isInteger(value)) throw new RangeError(`hex(): ${value} is not a whole guest value`)
    if (value < 0) throw new RangeError(`hex(): negative guest value ${value}`)
    text = `0x${value.toString(16)}`
    if (formatted.size >= MEMO_CAPACITY) formatted.clear()
    formatted.set(value, text)
  }
  return text
}

/** Parses `0x…` (any case) or a decimal string into a bigint; undefined when it is neither. */
export function parseHex(text: string): bigint | undefined {
  const t = text.trim()
  if (/^0x[0-9a-f]+$/i.test(t)) return BigInt(t)
  if (/^[0-9]+$/.test(t)) return BigInt(t)
  return undefined
}
