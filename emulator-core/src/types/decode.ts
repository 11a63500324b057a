import type { Hex } from './hex'

/**
 * One row of a register's bit table, as hover tooltips (app, HTML report) show it: the bit range, the
 * SDM's name for the field and its value in this register image.
 */
export interface BitRow {
  /** `13`, or a range `17-16` (high-low, as the SDM's figures number them). */
  bits: string
  /** Short name, e.g. `BD`, `R/W0`, or `reserved`. */
  name: string
  /** The SDM's wording for the field, e.g. `debug register access detected`. */
  sdm: string
  /** The field's value in this image: `0`/`1` for a bit, `0b01` for a wider field. */
  value: string
  /** What the value means here when that is not plain set/clear (`write`, `4 bytes`, `active: clear`). */
  meaning?: string
  /** The field reports a condition or enables something in this image (what the short text names). */
  active: boolean
}

/** A register image decoded: raw hex, the names of what is active, the one-line text and its bit table. */
export interface DecodedValue {
  raw: Hex
  /** What is active, most significant first, e.g. `['BS', 'B0']`, `['RTM clear']`, `['L0 exec']`. */
  names: string[]
  /** `0xffff4ff1 (BS B0)`; `(none)` when nothing is active. */
  text: string
  table: BitRow[]
}

/** One decoded field of a record (an exit, a nested VM-exit): its name, raw value and decoded text. */
export interface DecodedField {
  name: string
  raw: string
  text: string
  /** Bit table for hover, when the field is a register image. */
  table?: BitRow[]
}
