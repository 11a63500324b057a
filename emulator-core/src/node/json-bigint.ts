/** JSON.stringify for documents holding guest values as bigint: they become lowercase `0x…` strings. */
import { hex } from '../types'

export function stringifyWithHex(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? hex(v) : v), 2)}\n`
}
