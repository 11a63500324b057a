// DR7 (SDM Vol. 3 §18.2.4 "Debug Control Register (DR7)", Figure 18-1).
import { hex, type Hex } from '../types/hex'
import type { DecodedValue } from '../types/decode'
import { bitTable, decodedText, fieldValue, type LayoutField } from './register-layout'

/** R/Wn encodings (SDM §18.2.4): 10 is I/O only with CR4.DE = 1. */
const RW_MEANINGS = ['exec', 'write', 'io', 'rw'] as const
const RW_SDM = ['break on instruction execution only', 'break on data writes only', 'break on I/O reads or writes (CR4.DE = 1)', 'break on data reads or writes but not instruction fetches']
/** LENn encodings (SDM §18.2.4): 10 is 8 bytes in 64-bit mode. */
const LEN_BYTES = [1, 2, 8, 4] as const

function breakpointFields(n: number): LayoutField[] {
  return [
    { lo: 2 * n, hi: 2 * n, name: `L${n}`, sdm: `L${n}: local breakpoint enable (DR${n})`, kind: 'flag' },
    { lo: 2 * n + 1, hi: 2 * n + 1, name: `G${n}`, sdm: `G${n}: global breakpoint enable (DR${n})`, kind: 'flag' },
    { lo: 16 + 4 * n, hi: 17 + 4 * n, name: `R/W${n}`, sdm: `R/W${n}: breakpoint condition for DR${n}`, kind: 'field', meanings: RW_SDM },
    { lo: 18 + 4 * n, hi: 19 + 4 * n, name: `LEN${n}`, sdm: `LEN${n}: size of the location at DR${n}`, kind: 'field', meanings: LEN_BYTES.map((b) => `${b} byte${b > 1 ? 's' : ''}`) },
  ]
}

export const DR7_LAYOUT: readonly LayoutField[] = [
  ...[0, 1, 2, 3].flatMap(breakpointFields),
  { lo: 8, hi: 8, name: 'LE', sdm: 'LE: local exact breakpoint enable', kind: 'flag' },
  { lo: 9, hi: 9, name: 'GE', sdm: 'GE: global exact breakpoint enable', kind: 'flag' },
  { lo: 10, hi: 10, name: 'reserved', sdm: 'reserved (read as 1)', kind: 'reserved-1' },
  { lo: 11, hi: 11, name: 'RTM', sdm: 'RTM: enable advanced debugging of RTM transactions (with IA32_DEBUGCTL bit 15)', kind: 'flag' },
  { lo: 12, hi: 12, name: 'bit12', sdm: 'reserved (read as 0)', kind: 'reserved-0' },
  { lo: 13, hi: 13, name: 'GD', sdm: 'GD: general detect enable (#DB on any MOV to or from a debug register)', kind: 'flag' },
  { lo: 14, hi: 15, name: 'reserved', sdm: 'reserved (read as 0)', kind: 'reserved-0' },
  { lo: 32, hi: 63, name: 'reserved', sdm: 'reserved (must be 0)', kind: 'reserved-0' },
]

/** One enabled breakpoint: `L0 exec`, `G1 write 4`, `L2/G2 rw 8`. */
function breakpointName(v: bigint, n: number): string | undefined {
  const local = (v >> BigInt(2 * n)) & 1n, global = (v >> BigInt(2 * n + 1)) & 1n
  if (!local && !global) return undefined
  const enable = [local ? `L${n}` : '', global ? `G${n}` : ''].filter(Boolean).join('/')
  const rw = fieldValue(v, { lo: 16 + 4 * n, hi: 17 + 4 * n })
  const len = fieldValue(v, { lo: 18 + 4 * n, hi: 19 + 4 * n })
  // An execute breakpoint needs LEN = 00 (SDM §18.2.5); any other length is shown since it never matches.
  if (rw === 0) return len === 0 ? `${enable} exec` : `${enable} exec len=${LEN_BYTES[len]}`
  return `${enable} ${RW_MEANINGS[rw]} ${LEN_BYTES[len]}`
}

/** DR7 decoded: `0x402 (L0 exec)`, `0x2400 (GD)`, `0x300 (LE/GE)`, `0x400 (none)`. */
export function decodeDr7(value: Hex | bigint): DecodedValue {
  const v = typeof value === 'bigint' ? value : BigInt(value)
  const raw = hex(v)
  const names: string[] = []
  for (let n = 0; n < 4; n++) {
    const bp = breakpointName(v, n)
    if (bp) names.push(bp)
  }
  const le = v & 0x100n, ge = v & 0x200n
  if (le || ge) names.push(le && ge ? 'LE/GE' : le ? 'LE' : 'GE')
  if (v & 0x800n) names.push('RTM')
  if (v & 0x2000n) names.push('GD')
  return { raw, names, text: decodedText(raw, names), table: bitTable(v, DR7_LAYOUT) }
}
