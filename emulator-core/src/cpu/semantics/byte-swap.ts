/**
 * BSWAP r32/r64 (SDM Vol. 2 "BSWAP"): reverses the register's bytes; no flags. With a 16-bit
 * operand (0x66) the result is undefined: we write 0 to bits 15:0, what Intel and AMD parts are
 * reported to do (Bochs and QEMU model the same), and leave bits 63:16 alone as a 16-bit write does.
 */
import type { Insn } from '../insn'
import type { Machine } from '../machine'

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0
}

export function bswap(m: Machine, i: Insn): void {
  const r = i.op0.reg
  if (i.size === 8) {
    const lo = m.lo[r] >>> 0
    m.lo[r] = swap32(m.hi[r] >>> 0)
    m.hi[r] = swap32(lo)
  } else if (i.size === 4) {
    m.writeGpr(r, 4, false, swap32(m.lo[r] >>> 0), 0)
  } else {
    m.writeGpr(r, 2, false, 0, 0)
  }
}
