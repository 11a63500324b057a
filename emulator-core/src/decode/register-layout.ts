import type { BitRow } from '../types/decode'

/**
 * One field of a register layout as the SDM draws it. `flag`: active when 1; `active-low`: active when 0
 * (DR6.RTM, DR6.BLD); `reserved-1`/`reserved-0`: must read as 1/0, shown only when they do not;
 * `field`: a multi-bit value whose meaning `meanings` gives.
 */
export interface LayoutField {
  lo: number
  hi: number
  name: string
  sdm: string
  kind: 'flag' | 'active-low' | 'reserved-1' | 'reserved-0' | 'field'
  meanings?: readonly string[]
}

/** Reads bits `hi..lo` of `value`. */
export function fieldValue(value: bigint, f: Pick<LayoutField, 'lo' | 'hi'>): number {
  return Number((value >> BigInt(f.lo)) & ((1n << BigInt(f.hi - f.lo + 1)) - 1n))
}

/** The bit table of `value` under `layout`, most significant field first (as the SDM's figures). */
export function bitTable(value: bigint, layout: readonly LayoutField[]): BitRow[] {
  return [...layout].sort((x, y) => y.lo - x.lo).map((f) => bitRow(value, f))
}

function bitRow(value: bigint, f: LayoutField): BitRow {
  const v = fieldValue(value, f)
  const width = f.hi - f.lo + 1
  const row: BitRow = {
    bits: width === 1 ? `${f.lo}` : `${f.hi}-${f.lo}`,
    name: f.name,
    sdm: f.sdm,
    value: width === 1 ? `${v}` : width <= 4 ? `0b${v.toString(2).padStart(width, '0')}` : `0x${v.toString(16)}`,
    active: isActive(f, v, width),
  }
  if (f.kind === 'field' && f.meanings) row.meaning = f.meanings[v]
  if (f.kind === 'active-low') row.meaning = v === 0 ? 'clear: condition occurred (active low)' : 'set: no condition (active low)'
  if ((f.kind === 'reserved-1' || f.kind === 'reserved-0') && row.active) row.meaning = `reads as ${f.kind === 'reserved-1' ? 'all 1s' : '0'} architecturally`
  return row
}

function isActive(f: LayoutField, v: number, width: number): boolean {
  switch (f.kind) {
    case 'flag':
      return v === 1
    case 'active-low':
      return v === 0
    case 'reserved-1':
      return v !== 2 ** width - 1
    case 'reserved-0':
    case 'field':
      return v !== 0
  }
}

/** Bits of `value` outside every field of `layout` or in a reserved field that reads differently. */
export function reservedDeviation(value: bigint, layout: readonly LayoutField[]): bigint {
  let deviation = 0n
  for (const f of layout) {
    const mask = ((1n << BigInt(f.hi - f.lo + 1)) - 1n) << BigInt(f.lo)
    if (f.kind === 'reserved-1') deviation |= ~value & mask
    else if (f.kind === 'reserved-0') deviation |= value & mask
  }
  return deviation
}

/** `0xffff2ff0 (BD)`: the raw hex and what is active, or `(none)`. */
export function decodedText(raw: string, names: readonly string[]): string {
  return `${raw} (${names.length ? names.join(' ') : 'none'})`
}
