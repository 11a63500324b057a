/** Integer arithmetic and logic instructions (SDM Vol. 2 instruction pages). */
import { AluOp, alu, incDec, logic, neg, setResult, shift, sizeMask, toBig, toSignedBig } from '../alu'
import { CF, DE_VECTOR, OF, PF, SF, STATUS_FLAGS, ZF } from '../constants'
import { GuestFault } from '../fault'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { OperandType } from '../operand'

/** ADD/OR/ADC/SBB/AND/SUB/XOR/CMP dst, src (i.sub = AluOp). */
export function aluBinary(m: Machine, i: Insn): void {
  const a = m.readOp(i.op0)
  const aHi = m.opHi
  const b = m.readOp(i.op1)
  alu(m, i.sub, i.size, a, aHi, b, m.opHi)
  if (i.sub !== AluOp.Cmp) m.writeOp(i.op0, m.rLo, m.rHi)
}

/** TEST: AND without writing the result. */
export function test(m: Machine, i: Insn): void {
  const a = m.readOp(i.op0)
  const aHi = m.opHi
  const b = m.readOp(i.op1)
  logic(m, i.size, (a & b) >>> 0, (aHi & m.opHi) >>> 0)
}

/** INC (sub 0) / DEC (sub 1). */
export function incDecOp(m: Machine, i: Insn): void {
  const a = m.readOp(i.op0)
  incDec(m, i.size, a, m.opHi, i.sub === 1)
  m.writeOp(i.op0, m.rLo, m.rHi)
}

export function negOp(m: Machine, i: Insn): void {
  const a = m.readOp(i.op0)
  neg(m, i.size, a, m.opHi)
  m.writeOp(i.op0, m.rLo, m.rHi)
}

/** NOT: no flags. */
export function notOp(m: Machine, i: Insn): void {
  const a = m.readOp(i.op0)
  const hi = m.opHi
  m.writeOp(i.op0, i.size === 8 ? ~a >>> 0 : (~a & sizeMask(i.size)) >>> 0, ~hi >>> 0)
}

/** ROL/ROR/RCL/RCR/SHL/SHR/SAL/SAR by imm8, CL, or 1 (op1 absent). */
export function shiftOp(m: Machine, i: Insn): void {
  const count = i.op1.type === OperandType.None ? 1 : i.op1.type === OperandType.Imm ? i.op1.immLo : m.lo[1] & 0xff
  const a = m.readOp(i.op0)
  shift(m, i.sub, i.size, a, m.opHi, count)
  // A zero count leaves the operand alone, except that a 32-bit register is still zero-extended.
  if ((count & (i.size === 8 ? 0x3f : 0x1f)) !== 0 || (i.size === 4 && i.op0.type === OperandType.Gpr)) m.writeOp(i.op0, m.rLo, m.rHi)
}


function setFlags(m: Machine, mask: number, set: number): void {
  m.rflags = (m.rflags & ~mask) | set
}

/**
 * Sets the result GPR pair for MUL/IMUL/DIV/IDIV's implicit operands: size 1 → AX (AL/AH),
 * otherwise (rDX:rAX) halves.
 */
function writeAccumulatorPair(m: Machine, size: number, low: bigint, high: bigint): void {
  if (size === 1) {
    const v = Number(BigInt.asUintN(8, low) | (BigInt.asUintN(8, high) << 8n))
    m.writeGpr(0, 2, false, v, 0)
    return
  }
  setResult(m, size, low)
  m.writeGpr(0, size, false, m.rLo, m.rHi)
  setResult(m, size, high)
  m.writeGpr(2, size, false, m.rLo, m.rHi)
}

function accumulator(m: Machine, size: number): bigint {
  const lo = m.readGpr(0, size, false)
  return toBig(size, lo, m.opHi)
}

/**
 * MUL/IMUL one-operand form: rDX:rAX = rAX * src. CF=OF=1 when the high half is significant.
 * SF/ZF/AF/PF are undefined: we set SF/ZF/PF from the low half and clear AF (Intel behaviour
 * reported for recent cores; see undefinedFlags() in ../alu).
 */
export function mulOne(m: Machine, i: Insn): void {
  const size = i.size
  const bits = BigInt(size * 8)
  const signed = i.sub === 1
  const srcLo = m.readOp(i.op0)
  const src = signed ? toSignedBig(size, srcLo, m.opHi) : toBig(size, srcLo, m.opHi)
  const acc = signed ? BigInt.asIntN(size * 8, accumulator(m, size)) : accumulator(m, size)
  const product = acc * src
  const low = BigInt.asUintN(size * 8, product)
  const high = BigInt.asUintN(size * 8, product >> bits)
  const overflow = signed ? BigInt.asIntN(size * 8, low) !== product : high !== 0n
  writeAccumulatorPair(m, size, low, high)
  lowResultFlags(m, size, low, overflow)
}

function lowResultFlags(m: Machine, size: number, low: bigint, overflow: boolean): void {
  const top = (low >> BigInt(size * 8 - 1)) & 1n
  const parity = [...Array(8).keys()].reduce((p, b) => p ^ Number((low >> BigInt(b)) & 1n), 0)
  setFlags(m, STATUS_FLAGS, (overflow ? CF | OF : 0) | (top ? SF : 0) | (low === 0n ? ZF : 0) | (parity ? 0 : PF))
}

/** IMUL two- and three-operand forms: dst = src1 * src2 truncated; CF=OF=1 when truncation lost bits. */
export function imulMulti(m: Machine, i: Insn): void {
  const size = i.size
  const first = i.op2.type === OperandType.None ? i.op0 : i.op1
  const second = i.op2.type === OperandType.None ? i.op1 : i.op2
  const aLo = m.readOp(first)
  const a = toSignedBig(size, aLo, m.opHi)
  const bLo = m.readOp(second)
  const b = toSignedBig(size, bLo, m.opHi)
  const product = a * b
  const low = BigInt.asUintN(size * 8, product)
  setResult(m, size, low)
  m.writeOp(i.op0, m.rLo, m.rHi)
  lowResultFlags(m, size, low, BigInt.asIntN(size * 8, low) !== product)
}

/**
 * DIV/IDIV: (rDX:rAX) / src → quotient rAX, remainder rDX (AX / src → AL, AH for bytes).
 * #DE on a zero divisor or a quotient that does not fit. Flags are undefined: left unchanged
 * (as Intel cores do).
 */
export function divide(m: Machine, i: Insn): void {
  const size = i.size
  const bits = size * 8
  const signed = i.sub === 1
  const srcLo = m.readOp(i.op0)
  const divisor = signed ? toSignedBig(size, srcLo, m.opHi) : toBig(size, srcLo, m.opHi)
  if (divisor === 0n) throw new GuestFault(DE_VECTOR)
  let dividend: bigint
  if (size === 1) {
    dividend = BigInt(m.lo[0] & 0xffff)
    if (signed) dividend = BigInt.asIntN(16, dividend)
  } else {
    const high = toBig(size, m.readGpr(2, size, false), m.opHi)
    const low = accumulator(m, size)
    dividend = (high << BigInt(bits)) | low
    if (signed) dividend = BigInt.asIntN(bits * 2, dividend)
  }
  const quotient = dividend / divisor
  const remainder = dividend % divisor
  const fits = signed ? BigInt.asIntN(bits, quotient) === quotient : quotient < 1n << BigInt(bits)
  if (!fits) throw new GuestFault(DE_VECTOR)
  writeAccumulatorPair(m, size, quotient, remainder)
}

/** CBW/CWDE/CDQE (i.sub = destination size): sign-extend the accumulator's lower half. */
export function signExtendAccumulator(m: Machine, i: Insn): void {
  const size = i.sub
  const half = size / 2
  const v = toSignedBig(half, m.readGpr(0, half, false), m.opHi)
  setResult(m, size, v)
  m.writeGpr(0, size, false, m.rLo, m.rHi)
}

/** CWD/CDQ/CQO (i.sub = size): rDX = sign of rAX. */
export function signToDx(m: Machine, i: Insn): void {
  const size = i.sub
  const v = toSignedBig(size, m.readGpr(0, size, false), m.opHi)
  setResult(m, size, v < 0n ? -1n : 0n)
  m.writeGpr(2, size, false, m.rLo, m.rHi)
}

/** CMPXCHG dst, src: compare with the accumulator; equal → dst = src, else accumulator = dst. */
export function cmpxchg(m: Machine, i: Insn): void {
  const size = i.size
  const dLo = m.readOp(i.op0)
  const dHi = m.opHi
  const aLo = m.readGpr(0, size, false)
  const aHi = m.opHi
  alu(m, AluOp.Cmp, size, aLo, aHi, dLo, dHi)
  if (m.rflags & ZF) {
    const sLo = m.readOp(i.op1)
    m.writeOp(i.op0, sLo, m.opHi)
  } else {
    // The destination is written back unchanged (a locked RMW always writes).
    m.writeOp(i.op0, dLo, dHi)
    m.writeGpr(0, size, false, dLo, dHi)
  }
}

/** XADD dst, src: tmp = dst + src; src = dst; dst = tmp. */
export function xadd(m: Machine, i: Insn): void {
  const dLo = m.readOp(i.op0)
  const dHi = m.opHi
  const sLo = m.readOp(i.op1)
  alu(m, AluOp.Add, i.size, dLo, dHi, sLo, m.opHi)
  const rLo = m.rLo
  const rHi = m.rHi
  m.writeOp(i.op1, dLo, dHi)
  m.writeOp(i.op0, rLo, rHi)
}

/** BT/BTS/BTR/BTC (i.sub 0-3). The bit offset is taken modulo the operand width (register-offset bit strings into memory beyond the operand are not modelled). */
export function bitTest(m: Machine, i: Insn): void {
  const size = i.size
  const offLo = m.readOp(i.op1)
  const bit = offLo & (size * 8 - 1)
  const vLo = m.readOp(i.op0)
  const v = toBig(size, vLo, m.opHi)
  const set = (v >> BigInt(bit)) & 1n
  setFlags(m, CF, set ? CF : 0)
  if (i.sub === 0) return
  const mask = 1n << BigInt(bit)
  const r = i.sub === 1 ? v | mask : i.sub === 2 ? v & ~mask : v ^ mask
  setResult(m, size, r)
  m.writeOp(i.op0, m.rLo, m.rHi)
}

/** Condition codes as iced numbers them (ConditionCode.o = 1 ... g = 16). */
export function condition(flags: number, cc: number): boolean {
  switch (cc) {
    case 1: return (flags & OF) !== 0
    case 2: return (flags & OF) === 0
    case 3: return (flags & CF) !== 0
    case 4: return (flags & CF) === 0
    case 5: return (flags & ZF) !== 0
    case 6: return (flags & ZF) === 0
    case 7: return (flags & (CF | ZF)) !== 0
    case 8: return (flags & (CF | ZF)) === 0
    case 9: return (flags & SF) !== 0
    case 10: return (flags & SF) === 0
    case 11: return (flags & PF) !== 0
    case 12: return (flags & PF) === 0
    case 13: return ((flags & SF) !== 0) !== ((flags & OF) !== 0)
    case 14: return ((flags & SF) !== 0) === ((flags & OF) !== 0)
    case 15: return (flags & ZF) !== 0 || ((flags & SF) !== 0) !== ((flags & OF) !== 0)
    case 16: return (flags & ZF) === 0 && ((flags & SF) !== 0) === ((flags & OF) !== 0)
    default: return true
  }
}

/** SETcc r/m8. */
export function setcc(m: Machine, i: Insn): void {
  m.writeOp(i.op0, condition(m.rflags, i.sub) ? 1 : 0, 0)
}

/** CMOVcc: the source is read even when false; a 32-bit destination is zero-extended either way. */
export function cmovcc(m: Machine, i: Insn): void {
  const sLo = m.readOp(i.op1)
  const sHi = m.opHi
  if (condition(m.rflags, i.sub)) m.writeOp(i.op0, sLo, sHi)
  else if (i.size === 4) m.writeOp(i.op0, m.readOp(i.op0), 0)
}

