/**
 * Bridges between the CPU's fixed-width numbers and the BigInts of the seam: guest values cross it
 * as BigInt (KVM, traces), but the CPU computes on numbers (BigInt math is far too slow for the
 * instruction rate we need). BigInts of 32-bit values come from a cache: bigU32 in ./caches.
 */

/** 2^32: the weight of a 64-bit value's high half. */
export const TWO_32 = 4294967296
/** 2^53 as a BigInt: up to it, Number(value) is exact. */
export const TWO_53 = 1n << 53n

/**
 * `value` as a double, for the initial value of a number field that will hold doubles (addresses
 * made as hi * 2^32 + lo, unsigned 32-bit values of 2^31 and up). V8 fixes a field's representation
 * at its first store: a field that starts as a small integer and later gets a double changes it,
 * which deoptimizes every compiled function that touches a CPU (a fuzz campaign saw ~140
 * deoptimizations and about a second of recompiling, e.g. the first time a guest set DR7 bit 31).
 */
export function asDouble(value: number): number {
  return value + -0
}

/** Bits 31:0 of a value, unsigned; `value & 0xffffffffn` would make a BigInt, even for the usual 32-bit value. */
export function low32(value: bigint): number {
  return value >= 0n && value <= 0xffffffffn ? Number(value) : Number(value & 0xffffffffn)
}
