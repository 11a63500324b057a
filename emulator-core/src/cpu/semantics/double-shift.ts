/**
 * SHLD/SHRD dst, src, count (SDM Vol. 2 "SHLD", "SHRD"): dst is shifted and the vacated bits are
 * filled from src. The count (imm8 or CL) is masked to 5 bits (6 with REX.W). A masked count of 0
 * changes nothing, not even flags (a 32-bit register destination is still zero-extended, as every
 * 32-bit register write is). CF is the last bit shifted out of dst; SF/ZF/PF follow the result; OF
 * is defined for a count of 1 (set when the sign bit changed) and, like the one-operand shifts
 * (../alu shift), computed the same way for other counts; AF is undefined and cleared.
 * A 16-bit operand with a masked count of 17-31 leaves dst and all flags undefined: we shift the
 * 32-bit concatenation dst:src (SHLD) or src:dst (SHRD), and src's bits then fill the result.
 */
import { CF, OF, SF, STATUS_FLAGS, ZF } from '../constants'
import { PARITY, toBig } from '../alu'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { OperandType } from '../operand'

/** i.sub: 0 SHLD, 1 SHRD; op0 dst (r/m), op1 src (register), op2 the count (imm8 or CL). */
export function doubleShift(m: Machine, i: Insn): void {
  const size = i.size
  const bits = size * 8
  const raw = i.op2.type === OperandType.Imm ? i.op2.immLo : m.lo[1] & 0xff
  const count = raw & (size === 8 ? 0x3f : 0x1f)
  const dLo = m.readOp(i.op0)
  const dst = toBig(size, dLo, m.opHi)
  if (count === 0) {
    if (size === 4 && i.op0.type === OperandType.Gpr) m.writeOp(i.op0, dLo, 0)
    return
  }
  const src = toBig(size, m.readGpr(i.op1.reg, size, false), m.opHi)
  const width = BigInt(bits)
  const c = BigInt(count)
  // The concatenation is 2n bits wide; a 16-bit count up to 31 stays inside it.
  const left = i.sub === 0
  const wide = left ? (dst << width) | src : (src << width) | dst
  const mask = (1n << width) - 1n
  const result = left ? ((wide << c) >> width) & mask : (wide >> c) & mask
  const cf = left ? (wide >> (2n * width - c)) & 1n : (wide >> (c - 1n)) & 1n
  const sign = (result >> (width - 1n)) & 1n
  const of = sign !== ((dst >> (width - 1n)) & 1n)
  const low = Number(result & 0xffffffffn)
  // AF (undefined) ends up clear: it is not among the flags set here.
  m.rflags = (m.rflags & ~STATUS_FLAGS) | (cf ? CF : 0) | (of ? OF : 0) | (sign ? SF : 0) | (result === 0n ? ZF : 0) | PARITY[low & 0xff]
  m.writeOp(i.op0, low >>> 0, Number(result >> 32n))
}
