// DR6 and the #DB payload (SDM Vol. 3 §18.2.3 "Debug Status Register (DR6)", Figure 18-1; docs/reference/kvm-db-semantics.md §1).
import { hex, type Hex } from '../types/hex'
import type { DecodedValue } from '../types/decode'
import { bitTable, decodedText, reservedDeviation, type LayoutField } from './register-layout'

const B = (n: number): LayoutField => ({ lo: n, hi: n, name: `B${n}`, sdm: `B${n}: breakpoint condition detected (DR${n})`, kind: 'flag' })

/** DR6 as the SDM draws it. RTM and BLD are active low: 0 means the condition occurred. */
export const DR6_LAYOUT: readonly LayoutField[] = [
  B(0), B(1), B(2), B(3),
  { lo: 4, hi: 10, name: 'reserved', sdm: 'reserved (read as 1)', kind: 'reserved-1' },
  { lo: 11, hi: 11, name: 'BLD', sdm: 'BLD: bus-lock detected (cleared to 0 when a bus lock caused the #DB)', kind: 'active-low' },
  { lo: 12, hi: 12, name: 'bit12', sdm: 'reserved (read as 0; "enabled breakpoint" in the VMX pending-debug field)', kind: 'reserved-0' },
  { lo: 13, hi: 13, name: 'BD', sdm: 'BD: debug register access detected (DR7.GD)', kind: 'flag' },
  { lo: 14, hi: 14, name: 'BS', sdm: 'BS: single step (RFLAGS.TF)', kind: 'flag' },
  { lo: 15, hi: 15, name: 'BT', sdm: 'BT: task switch (TSS T flag)', kind: 'flag' },
  { lo: 16, hi: 16, name: 'RTM', sdm: 'RTM: restricted transactional memory (cleared to 0 when the #DB or #BP occurred inside an RTM region)', kind: 'active-low' },
  { lo: 17, hi: 31, name: 'reserved', sdm: 'reserved (read as 1)', kind: 'reserved-1' },
  { lo: 32, hi: 63, name: 'reserved', sdm: 'reserved (must be 0)', kind: 'reserved-0' },
]

/**
 * A #DB payload (KVM's ex->payload, the VMX pending-debug-exceptions field and the #DB exit
 * qualification): every bit active high, RTM and BLD included (docs/reference/kvm-db-semantics.md §1 "Payload polarity";
 * SDM Vol. 3 Table 27-1 and §24.4.2).
 */
export const DB_PAYLOAD_LAYOUT: readonly LayoutField[] = [
  B(0), B(1), B(2), B(3),
  { lo: 11, hi: 11, name: 'BLD', sdm: 'BLD: a bus lock was detected (active high here)', kind: 'flag' },
  { lo: 12, hi: 12, name: 'enabled-bp', sdm: 'enabled breakpoint: an enabled breakpoint matched (pending-debug field only)', kind: 'flag' },
  { lo: 13, hi: 13, name: 'BD', sdm: 'BD: debug register access detected', kind: 'flag' },
  { lo: 14, hi: 14, name: 'BS', sdm: 'BS: single step', kind: 'flag' },
  { lo: 16, hi: 16, name: 'RTM', sdm: 'RTM: the #DB occurred inside an RTM region (active high here)', kind: 'flag' },
]

function asBigint(value: Hex | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value)
}

/** What is active in a DR6 image, most significant first: `BS B0`, `RTM clear`, `bit12`. */
function dr6Names(value: bigint): string[] {
  const names: string[] = []
  if ((value & 0x10000n) === 0n) names.push('RTM clear')
  for (const [bit, name] of [[15, 'BT'], [14, 'BS'], [13, 'BD'], [12, 'bit12']] as const) if (value & (1n << BigInt(bit))) names.push(name)
  if ((value & 0x800n) === 0n) names.push('BLD clear')
  for (let n = 3; n >= 0; n--) if (value & (1n << BigInt(n))) names.push(`B${n}`)
  const reserved = reservedDeviation(value, DR6_LAYOUT) & ~0x1000n
  if (reserved) names.push(`reserved^${hex(reserved)}`)
  return names
}

/** DR6 decoded: `0xffff2ff0 (BD)`, `0xffff4ff1 (BS B0)`, `0xfffe0ff0 (RTM clear)`, `0xffff0ff0 (none)`. */
export function decodeDr6(value: Hex | bigint): DecodedValue {
  const v = asBigint(value)
  const raw = hex(v)
  const names = dr6Names(v)
  return { raw, names, text: decodedText(raw, names), table: bitTable(v, DR6_LAYOUT) }
}

/** A #DB payload or pending-debug/exit-qualification value decoded: `0x2000 (BD)`, `0x10000 (RTM)`. */
export function decodeDbPayload(value: Hex | bigint): DecodedValue {
  const v = asBigint(value)
  const raw = hex(v)
  const names: string[] = []
  for (const f of [...DB_PAYLOAD_LAYOUT].reverse()) if (v & (1n << BigInt(f.lo))) names.push(f.name)
  const known = DB_PAYLOAD_LAYOUT.reduce((m, f) => m | (1n << BigInt(f.lo)), 0n)
  if (v & ~known) names.push(`other^${hex(v & ~known)}`)
  return { raw, names, text: decodedText(raw, names), table: bitTable(v, DB_PAYLOAD_LAYOUT) }
}

/**
 * What changed from DR6 `a` to DR6 `b`, as conditions: `+BD` (reported in b, not in a), `-B0`;
 * empty when both report the same conditions.
 */
export function dr6Delta(a: Hex | bigint, b: Hex | bigint): string[] {
  const na = dr6Names(asBigint(a)), nb = dr6Names(asBigint(b))
  return [...nb.filter((n) => !na.includes(n)).map((n) => `+${n}`), ...na.filter((n) => !nb.includes(n)).map((n) => `-${n}`)]
}
