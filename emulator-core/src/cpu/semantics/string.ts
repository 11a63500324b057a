/**
 * String instructions MOVS/STOS/LODS/CMPS/SCAS with REP/REPE/REPNE (64-bit addressing). A REP
 * instruction runs one iteration per step and leaves RIP on itself until the count (or the
 * REPE/REPNE condition) ends it, so interrupts and debug traps land between iterations as the SDM
 * describes (a data breakpoint traps after the iteration that hit it, RIP at the instruction).
 */
import { AluOp, alu } from '../alu'
import { DF, ZF } from '../constants'
import type { Insn } from '../insn'
import type { Machine } from '../machine'

export const enum StringOp {
  Movs,
  Stos,
  Lods,
  Cmps,
  Scas,
}

/** Adds a signed delta to a GPR pair. */
function advance(m: Machine, reg: number, delta: number): void {
  const lo = (m.lo[reg] >>> 0) + delta
  m.lo[reg] = lo
  if (lo > 0xffffffff) m.hi[reg] = m.hi[reg] + 1
  else if (lo < 0) m.hi[reg] = m.hi[reg] - 1
}

function addressOf(m: Machine, reg: number, size: number, write: boolean): number {
  m.eaLo = m.lo[reg] >>> 0
  m.eaHi = m.hi[reg] >>> 0
  return m.checkedAddress(size, write, false)
}

function iteration(m: Machine, i: Insn): void {
  const size = i.size
  const delta = m.rflags & DF ? -size : size
  switch (i.sub) {
    case StringOp.Movs: {
      const v = m.read(addressOf(m, 6, size, false), size)
      const hi = m.opHi
      m.write(addressOf(m, 7, size, true), size, v, hi)
      advance(m, 6, delta)
      advance(m, 7, delta)
      return
    }
    case StringOp.Stos: {
      const v = m.readGpr(0, size, false)
      m.write(addressOf(m, 7, size, true), size, v, m.opHi)
      advance(m, 7, delta)
      return
    }
    case StringOp.Lods: {
      const v = m.read(addressOf(m, 6, size, false), size)
      m.writeGpr(0, size, false, v, m.opHi)
      advance(m, 6, delta)
      return
    }
    case StringOp.Cmps: {
      const a = m.read(addressOf(m, 6, size, false), size)
      const aHi = m.opHi
      const b = m.read(addressOf(m, 7, size, false), size)
      alu(m, AluOp.Cmp, size, a, aHi, b, m.opHi)
      advance(m, 6, delta)
      advance(m, 7, delta)
      return
    }
    case StringOp.Scas: {
      const a = m.readGpr(0, size, false)
      const aHi = m.opHi
      const b = m.read(addressOf(m, 7, size, false), size)
      alu(m, AluOp.Cmp, size, a, aHi, b, m.opHi)
      advance(m, 7, delta)
      return
    }
  }
}

export function stringInsn(m: Machine, i: Insn): void {
  if (!i.rep && !i.repne) {
    iteration(m, i)
    return
  }
  if ((m.lo[1] | m.hi[1]) === 0) return
  iteration(m, i)
  advance(m, 1, -1)
  let more = (m.lo[1] | m.hi[1]) !== 0
  if (more && (i.sub === StringOp.Cmps || i.sub === StringOp.Scas)) {
    const zf = (m.rflags & ZF) !== 0
    more = i.repne ? !zf : zf
  }
  if (more) m.nextRip = i.addr
}
