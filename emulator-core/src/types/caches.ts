/**
 * The shared types' process-wide memo: hex text by value. Traces format the same few values again
 * and again (DR6/DR7 images, handler and program addresses): remembering their text spares the
 * formatting and a string per value per run. Private to this module.
 */
import { type Cache, Memo } from './cache'
import type { Hex } from './hex'

/** Keyed by the value as given (5 and 5n are two entries with one text). */
const hexTexts = new Memo<bigint | number, Hex>('types: hex text by value', 4096)

/** format(value), remembered by value. */
export function sharedHex(value: bigint | number, format: (value: bigint | number) => Hex): Hex {
  return hexTexts.find(value) ?? hexTexts.remember(value, format(value))
}

/** The shared types' caches. */
export const typesCaches: readonly Cache[] = [hexTexts]
