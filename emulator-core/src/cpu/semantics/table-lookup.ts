/**
 * XLAT/XLATB (SDM Vol. 2 "XLAT"): AL ← the byte at [RBX + zero-extended AL] (EBX with 32-bit
 * addressing, the sum wrapping at 4 GiB); DS segment (flat); no flags.
 */
import type { Insn } from '../insn'
import type { Machine } from '../machine'

const TWO_32 = 4294967296

export function xlat(m: Machine, i: Insn): void {
  const lo = (m.lo[3] >>> 0) + (m.lo[0] & 0xff)
  m.eaLo = lo >>> 0
  m.eaHi = i.addr32 ? 0 : ((m.hi[3] >>> 0) + (lo >= TWO_32 ? 1 : 0)) >>> 0
  const v = m.read(m.checkedAddress(1, false, false), 1)
  m.writeGpr(0, 1, false, v, 0)
}
