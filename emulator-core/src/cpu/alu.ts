/**
 * Integer arithmetic with exact RFLAGS (SDM Vol. 2 instruction pages, Vol. 1 Appendix A).
 *
 * Operands are fixed-width: sizes 1/2/4 use the unsigned number in `lo`; size 8 uses the unsigned
 * 32-bit halves `lo`/`hi`. Results land in `AluState.rLo`/`rHi`, flags in `AluState.rflags`.
 * Where the SDM leaves a flag undefined we write what Intel hardware is documented/observed to do
 * and report the flag from `undefinedFlags()` so differential tests can ignore it.
 */
import { AF, CF, OF, PF, SF, STATUS_FLAGS, ZF } from './constants'

/** The slice of CPU state the ALU writes. */
export interface AluState {
  rflags: number
  rLo: number
  rHi: number
}

export const enum AluOp {
  Add,
  Or,
  Adc,
  Sbb,
  And,
  Sub,
  Xor,
  Cmp,
}

/** PF for each low result byte: set when the number of 1 bits is even. */
export const PARITY = new Uint8Array(256).map((_, v) => {
  let n = v
  let bits = 0
  while (n) {
    bits += n & 1
    n >>= 1
  }
  return bits & 1 ? 0 : PF
})

/** Mask of a size's value bits, for sizes 1, 2 and 4. */
export function sizeMask(size: number): number {
  return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff
}

/**
 * Flags the SDM leaves undefined for one execution (what differential tests may ignore): AF after
 * AND/OR/XOR/TEST and after a non-zero shift; OF after a shift or rotate whose masked count is not 1;
 * CF after SHL/SHR by at least the operand width (8/16-bit); SF/ZF/AF/PF after MUL/IMUL; all six
 * after DIV/IDIV. `mnemonic` is the bare name (`shl`, not `shll`); `count` the CL/imm8 count.
 */
export function undefinedFlags(mnemonic: string, bits: number, count = 0): number {
  const masked = count & (bits === 64 ? 0x3f : 0x1f)
  switch (mnemonic) {
    case 'and':
    case 'or':
    case 'xor':
    case 'test':
      return AF
    case 'shl':
    case 'sal':
    case 'shr':
    case 'sar':
      if (masked === 0) return 0
      return AF | (masked !== 1 ? OF : 0) | (mnemonic !== 'sar' && masked >= bits ? CF : 0)
    case 'rol':
    case 'ror':
    case 'rcl':
    case 'rcr':
      return masked > 1 ? OF : 0
    case 'mul':
    case 'imul':
      return SF | ZF | AF | PF
    case 'div':
    case 'idiv':
      return STATUS_FLAGS
    default:
      return 0
  }
}

function setSzp(s: AluState, lo: number, hi: number, size: number, flags: number): void {
  const top = size === 8 ? hi >>> 31 : (lo >>> (size * 8 - 1)) & 1
  const zero = size === 8 ? (lo | hi) === 0 : lo === 0
  s.rflags = (s.rflags & ~STATUS_FLAGS) | flags | (top ? SF : 0) | (zero ? ZF : 0) | PARITY[lo & 0xff]
}

/**
 * ADD/OR/ADC/SBB/AND/SUB/XOR/CMP: result in rLo/rHi, all six flags. AF after the logic ops is
 * undefined: Intel clears it (as Bochs and QEMU do), so do we.
 */
export function alu(s: AluState, op: AluOp, size: number, aLo: number, aHi: number, bLo: number, bHi: number): void {
  const carryIn = s.rflags & CF
  switch (op) {
    case AluOp.Add:
    case AluOp.Adc:
      add(s, size, aLo, aHi, bLo, bHi, op === AluOp.Adc ? carryIn : 0)
      return
    case AluOp.Sub:
    case AluOp.Cmp:
    case AluOp.Sbb:
      sub(s, size, aLo, aHi, bLo, bHi, op === AluOp.Sbb ? carryIn : 0)
      return
    case AluOp.And:
      logic(s, size, (aLo & bLo) >>> 0, (aHi & bHi) >>> 0)
      return
    case AluOp.Or:
      logic(s, size, (aLo | bLo) >>> 0, (aHi | bHi) >>> 0)
      return
    case AluOp.Xor:
      logic(s, size, (aLo ^ bLo) >>> 0, (aHi ^ bHi) >>> 0)
      return
  }
}

export function logic(s: AluState, size: number, lo: number, hi: number): void {
  s.rLo = lo
  s.rHi = size === 8 ? hi : 0
  setSzp(s, lo, s.rHi, size, 0)
}

export function add(s: AluState, size: number, aLo: number, aHi: number, bLo: number, bHi: number, carryIn: number): void {
  if (size === 8) {
    const lo = aLo + bLo + carryIn
    const loOut = lo >>> 0
    const hiSum = aHi + bHi + (lo > 0xffffffff ? 1 : 0)
    const hiOut = hiSum >>> 0
    const of = ((aHi ^ hiOut) & (bHi ^ hiOut)) >>> 31
    s.rLo = loOut
    s.rHi = hiOut
    setSzp(s, loOut, hiOut, 8, (hiSum > 0xffffffff ? CF : 0) | ((aLo ^ bLo ^ loOut) & AF) | (of ? OF : 0))
    return
  }
  const mask = sizeMask(size)
  const sum = aLo + bLo + carryIn
  const r = (sum & mask) >>> 0
  const of = (((aLo ^ r) & (bLo ^ r)) >>> (size * 8 - 1)) & 1
  s.rLo = r
  s.rHi = 0
  setSzp(s, r, 0, size, (sum > mask ? CF : 0) | ((aLo ^ bLo ^ r) & AF) | (of ? OF : 0))
}

export function sub(s: AluState, size: number, aLo: number, aHi: number, bLo: number, bHi: number, borrowIn: number): void {
  if (size === 8) {
    const lo = aLo - bLo - borrowIn
    const loOut = lo >>> 0
    const hiDiff = aHi - bHi - (lo < 0 ? 1 : 0)
    const hiOut = hiDiff >>> 0
    const of = ((aHi ^ bHi) & (aHi ^ hiOut)) >>> 31
    s.rLo = loOut
    s.rHi = hiOut
    setSzp(s, loOut, hiOut, 8, (hiDiff < 0 ? CF : 0) | ((aLo ^ bLo ^ loOut) & AF) | (of ? OF : 0))
    return
  }
  const mask = sizeMask(size)
  const diff = aLo - bLo - borrowIn
  const r = (diff & mask) >>> 0
  const of = (((aLo ^ bLo) & (aLo ^ r)) >>> (size * 8 - 1)) & 1
  s.rLo = r
  s.rHi = 0
  setSzp(s, r, 0, size, (diff < 0 ? CF : 0) | ((aLo ^ bLo ^ r) & AF) | (of ? OF : 0))
}

/** INC/DEC: like ADD/SUB of 1, CF unchanged. */
export function incDec(s: AluState, size: number, lo: number, hi: number, dec: boolean): void {
  const cf = s.rflags & CF
  if (dec) sub(s, size, lo, hi, 1, 0, 0)
  else add(s, size, lo, hi, 1, 0, 0)
  s.rflags = (s.rflags & ~CF) | cf
}

/** NEG: 0 - x; CF = (x != 0). */
export function neg(s: AluState, size: number, lo: number, hi: number): void {
  sub(s, size, 0, 0, lo, hi, 0)
}

/** Unsigned value of a fixed-width operand as a bigint. */
export function toBig(size: number, lo: number, hi: number): bigint {
  return size === 8 ? (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0) : BigInt(lo >>> 0)
}

/** Signed value of a fixed-width operand as a bigint. */
export function toSignedBig(size: number, lo: number, hi: number): bigint {
  return BigInt.asIntN(size * 8, toBig(size, lo, hi))
}

/** Stores a bigint (truncated to size) into rLo/rHi. */
export function setResult(s: AluState, size: number, v: bigint): void {
  const u = BigInt.asUintN(size * 8, v)
  s.rLo = Number(u & 0xffffffffn)
  s.rHi = size === 8 ? Number(u >> 32n) : 0
}

export const enum ShiftOp {
  Rol,
  Ror,
  Rcl,
  Rcr,
  Shl,
  Shr,
  Sal,
  Sar,
}

/** Bit `bits - 1` of v (the sign bit of a `bits`-wide result). */
function topBit(v: bigint, bits: number): number {
  return Number((v >> BigInt(bits - 1)) & 1n)
}

/**
 * Shifts and rotates (SDM "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR"). The count is masked to 5 bits
 * (6 for 64-bit operands); a masked count of 0 changes nothing, not even flags. OF is defined only
 * for count 1; for other counts we compute it with the count-1 formula, as Intel parts do.
 * AF after a non-zero shift is undefined: we clear it. Rotates change only CF and OF.
 * Shifts work on the 32-bit halves (the runtime's log recorder shifts on every record); rotates,
 * rare, on a BigInt.
 */
export function shift(s: AluState, op: ShiftOp, size: number, lo: number, hi: number, count: number): void {
  const c = count & (size === 8 ? 0x3f : 0x1f)
  if (c === 0) {
    s.rLo = size === 8 ? lo >>> 0 : (lo & sizeMask(size)) >>> 0
    s.rHi = size === 8 ? hi >>> 0 : 0
    return
  }
  switch (op) {
    case ShiftOp.Shl:
    case ShiftOp.Sal:
      shiftLeft(s, size, lo, hi, c)
      return
    case ShiftOp.Shr:
      shiftRight(s, size, lo, hi, c, false)
      return
    case ShiftOp.Sar:
      shiftRight(s, size, lo, hi, c, true)
      return
    default:
      rotate(s, op, size, toBig(size, lo, hi), c)
  }
}

/** SHL/SAL by a masked count c > 0: CF is the last bit shifted out, OF = MSB(result) XOR CF. */
function shiftLeft(s: AluState, size: number, lo: number, hi: number, c: number): void {
  let rLo: number
  let rHi = 0
  let cf: number
  if (size !== 8) {
    const bits = size * 8
    rLo = ((lo << c) & sizeMask(size)) >>> 0
    cf = c <= bits ? (lo >>> (bits - c)) & 1 : 0
  } else if (c < 32) {
    rLo = (lo << c) >>> 0
    rHi = ((hi << c) | (lo >>> (32 - c))) >>> 0
    cf = (hi >>> (32 - c)) & 1
  } else {
    rLo = 0
    rHi = (lo << (c - 32)) >>> 0
    cf = (c === 32 ? hi : lo >>> (64 - c)) & 1
  }
  const top = size === 8 ? rHi >>> 31 : (rLo >>> (size * 8 - 1)) & 1
  s.rLo = rLo
  s.rHi = rHi
  setSzp(s, rLo, rHi, size, (cf ? CF : 0) | (top ^ cf ? OF : 0))
}

/** SHR (OF = the operand's MSB) or SAR (sign-filling, OF = 0) by a masked count c > 0: CF is the last bit shifted out. */
function shiftRight(s: AluState, size: number, lo: number, hi: number, c: number, arith: boolean): void {
  let rLo: number
  let rHi = 0
  let cf: number
  let msb: number
  if (size !== 8) {
    const bits = size * 8
    const a = arith ? (lo << (32 - bits)) >> (32 - bits) : lo >>> 0
    rLo = ((arith ? a >> c : a >>> c) & sizeMask(size)) >>> 0
    cf = (arith ? a >> Math.min(c - 1, bits - 1) : a >>> (c - 1)) & 1
    msb = (a >>> (bits - 1)) & 1
  } else {
    if (c < 32) {
      rLo = ((lo >>> c) | (hi << (32 - c))) >>> 0
      rHi = (arith ? hi >> c : hi >>> c) >>> 0
    } else {
      rLo = (arith ? hi >> (c - 32) : hi >>> (c - 32)) >>> 0
      rHi = arith ? (hi >> 31) >>> 0 : 0
    }
    cf = (c <= 32 ? lo >>> (c - 1) : hi >>> (c - 33)) & 1
    msb = hi >>> 31
  }
  s.rLo = rLo
  s.rHi = rHi
  setSzp(s, rLo, rHi, size, (cf ? CF : 0) | (!arith && msb ? OF : 0))
}

/** ROL/ROR/RCL/RCR by a masked count c > 0 of the operand `a`. */
function rotate(s: AluState, op: ShiftOp, size: number, a: bigint, c: number): void {
  const bits = size * 8
  const mask = (1n << BigInt(bits)) - 1n
  let r: bigint
  let cf: number
  let of: number
  const flags = s.rflags
  switch (op) {
    case ShiftOp.Rol: {
      const n = BigInt(c % bits)
      r = ((a << n) | (a >> (BigInt(bits) - n))) & mask
      cf = Number(r & 1n)
      of = topBit(r, bits) ^ cf
      break
    }
    case ShiftOp.Ror: {
      const n = BigInt(c % bits)
      r = ((a >> n) | (a << (BigInt(bits) - n))) & mask
      cf = topBit(r, bits)
      of = topBit(r, bits) ^ Number((r >> BigInt(bits - 2)) & 1n)
      break
    }
    case ShiftOp.Rcl: {
      const n = c % (bits + 1)
      const wide = (BigInt(flags & CF) << BigInt(bits)) | a
      const widthPlus = BigInt(bits + 1)
      const rot = ((wide << BigInt(n)) | (wide >> (widthPlus - BigInt(n)))) & ((1n << widthPlus) - 1n)
      r = rot & mask
      cf = Number(rot >> BigInt(bits))
      of = topBit(r, bits) ^ cf
      break
    }
    default: {
      const n = c % (bits + 1)
      const wide = (BigInt(flags & CF) << BigInt(bits)) | a
      const widthPlus = BigInt(bits + 1)
      const rot = ((wide >> BigInt(n)) | (wide << (widthPlus - BigInt(n)))) & ((1n << widthPlus) - 1n)
      r = rot & mask
      cf = Number(rot >> BigInt(bits))
      of = topBit(r, bits) ^ Number((r >> BigInt(bits - 2)) & 1n)
      break
    }
  }
  setResult(s, size, r)
  s.rflags = (flags & ~(CF | OF)) | (cf ? CF : 0) | (of ? OF : 0)
}
