import type { DecodedValue } from '../types/decode'
import type { Hex } from '../types/hex'
import { decodeDbPayload, decodeDr6 } from './dr6'
import { decodeDr7 } from './dr7'

/**
 * Decodes a trace field by its name, for views that show fields generically (row detail, diff lists):
 * any `dr6…` field (`dr6`, `dr6_before`, `final.dr6`, `result.dr6`) as DR6, any `dr7…` as DR7, and a
 * #DB's `payload` as a payload. Undefined for fields that are not register images, or a payload of
 * another vector (a #PF payload is an address).
 */
export function decodeNamedValue(path: string, value: string, vector?: number): DecodedValue | undefined {
  if (!/^0x[0-9a-f]+$/i.test(value)) return undefined
  const name = path.split('.').pop()!.replace(/\[.*$/, '')
  if (/^dr6(_|$)/.test(name)) return decodeDr6(value as Hex)
  if (/^dr7(_|$)/.test(name)) return decodeDr7(value as Hex)
  if (name === 'payload' && (vector === undefined || vector === 1)) return decodeDbPayload(value as Hex)
  return undefined
}
