/**
 * BT/BTS/BTR/BTC with a register bit offset and a memory bit base (SDM Vol. 2 "BT": the operand
 * names the byte holding bit 0 of a bit string; the signed offset, -2^(n-1) .. 2^(n-1)-1 for an
 * n-bit operand, may reach beyond it). The accessed operand is the n-bit unit at
 * EA + (n/8) * floor(offset / n), the bit is offset mod n, as the SDM's "EA + (2 or 4) * (BitOffset
 * DIV 16 or 32)" and KVM's fetch_bit_operand() (emulate.c) compute it; the address wraps at the
 * address size. CF is the selected bit; ZF is unaffected; OF/SF/AF/PF are undefined and, as for the
 * immediate and register forms (./arith bitTest), left unchanged.
 */
import { CF } from '../constants'
import type { Insn } from '../insn'
import type { Machine } from '../machine'

const TWO_32 = 4294967296

/** i.sub: 0 BT, 1 BTS, 2 BTR, 3 BTC; op0 memory, op1 the offset register. */
export function bitStringOp(m: Machine, i: Insn): void {
  const size = i.size
  const bits = size * 8
  const offLo = m.readGpr(i.op1.reg, size, false)
  const offHi = m.opHi
  // The signed offset: as a double it is exact to 2^53, beyond that only its unit index matters.
  const offset = size === 8 ? (offHi | 0) * TWO_32 + offLo : size === 4 ? offLo | 0 : (offLo << 16) >> 16
  const unit = Math.floor(offset / bits)
  const bit = offset - unit * bits
  m.effectiveAddress(i.op0)
  const ea = ((BigInt(m.eaHi) << 32n) | BigInt(m.eaLo)) + BigInt(unit) * BigInt(size)
  const wrapped = BigInt.asUintN(i.op0.addr32 ? 32 : 64, ea)
  m.eaLo = Number(wrapped & 0xffffffffn)
  m.eaHi = Number(wrapped >> 32n)
  const a = m.checkedAddress(size, i.sub !== 0, false)
  const lo = m.read(a, size)
  const hi = m.opHi
  const inHigh = bit >= 32
  const mask = (1 << (inHigh ? bit - 32 : bit)) >>> 0
  const set = ((inHigh ? hi : lo) & mask) !== 0
  m.rflags = (m.rflags & ~CF) | (set ? CF : 0)
  if (i.sub === 0) return
  const word = inHigh ? hi : lo
  const next = (i.sub === 1 ? word | mask : i.sub === 2 ? word & ~mask : word ^ mask) >>> 0
  m.write(a, size, inHigh ? lo : next, inHigh ? next : hi)
}
