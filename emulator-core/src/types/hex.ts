import { sharedHex } from './caches'

/** A guest value as it appears in JSON: lowercase `0x…`, never a float. */
export type Hex = `0x${string}`

/** Formats a guest value as lowercase `0x…` (the only form hex takes in JSON and reports); the text is shared (see ./caches). */
export function hex(value: bigint | number): Hex {
  return sharedHex(value, formatHex)
}

function formatHex(value: bigint | number): Hex {
  if (typeof value === 'number' && !Number.isInteger(value)) throw new RangeError(`hex(): ${value} is not a whole guest value`)
  if (value < 0) throw new RangeError(`hex(): negative guest value ${value}`)
  return `0x${value.toString(16)}`
}

/** Parses `0x…` (any case) or a decimal string into a bigint; undefined when it is neither. */
export function parseHex(text: string): bigint | undefined {
  const t = text.trim()
  if (/^0x[0-9a-f]+$/i.test(t)) return BigInt(t)
  if (/^[0-9]+$/.test(t)) return BigInt(t)
  return undefined
}
