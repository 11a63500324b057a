/**
 * String instructions MOVS/STOS/LODS/CMPS/SCAS with REP/REPE/REPNE, 64- or 32-bit addressing. A REP
 * instruction runs one iteration per step and leaves RIP on itself until the count (or the
 * REPE/REPNE condition) ends it, so interrupts and debug traps land between iterations as the SDM
 * describes (a data breakpoint traps after the iteration that hit it, RIP at the instruction).
 * INS/OUTS share the addressing and the REP loop (./string-io).
 */
import { AluOp, alu } from '../alu'
import { DF, ZF } from '../constants'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { inElement, outElement } from './string-io'
import { checkIoPermission } from './system'

export const enum StringOp {
  Movs,
  Stos,
  Lods,
  Cmps,
  Scas,
  Ins,
  Outs,
}

const RCX = 1
const RSI = 6
const RDI = 7

/**
 * Adds a signed delta to a pointer or count register at the address size: 64-bit addressing
 * carries into bits 63:32; 32-bit addressing (0x67) wraps at 4 GiB and writes the register as a
 * 32-bit register, zero-extended (SDM Vol. 1 §3.4.1.1, §3.3.7).
 */
function advance(m: Machine, i: Insn, reg: number, delta: number): void {
  const lo = (m.lo[reg] >>> 0) + delta
  m.lo[reg] = lo
  if (i.addr32) m.hi[reg] = 0
  else if (lo > 0xffffffff) m.hi[reg] = m.hi[reg] + 1
  else if (lo < 0) m.hi[reg] = m.hi[reg] - 1
}

/** Linear address of an access through RSI or RDI (only ESI/EDI with 32-bit addressing). */
function stringAddress(m: Machine, i: Insn, reg: number, size: number, write: boolean): number {
  m.eaLo = m.lo[reg] >>> 0
  m.eaHi = i.addr32 ? 0 : m.hi[reg] >>> 0
  return m.checkedAddress(size, write, false)
}

/** Step of RSI/RDI per element: +size, or -size with DF set. */
function stringDelta(m: Machine, size: number): number {
  return m.rflags & DF ? -size : size
}

function iteration(m: Machine, i: Insn): void {
  const size = i.size
  const delta = stringDelta(m, size)
  switch (i.sub) {
    case StringOp.Movs: {
      const v = m.read(stringAddress(m, i, RSI, size, false), size)
      const hi = m.opHi
      m.write(stringAddress(m, i, RDI, size, true), size, v, hi)
      advance(m, i, RSI, delta)
      advance(m, i, RDI, delta)
      return
    }
    case StringOp.Stos: {
      const v = m.readGpr(0, size, false)
      m.write(stringAddress(m, i, RDI, size, true), size, v, m.opHi)
      advance(m, i, RDI, delta)
      return
    }
    case StringOp.Lods: {
      const v = m.read(stringAddress(m, i, RSI, size, false), size)
      m.writeGpr(0, size, false, v, m.opHi)
      advance(m, i, RSI, delta)
      return
    }
    case StringOp.Cmps: {
      const a = m.read(stringAddress(m, i, RSI, size, false), size)
      const aHi = m.opHi
      const b = m.read(stringAddress(m, i, RDI, size, false), size)
      alu(m, AluOp.Cmp, size, a, aHi, b, m.opHi)
      advance(m, i, RSI, delta)
      advance(m, i, RDI, delta)
      return
    }
    case StringOp.Scas: {
      const a = m.readGpr(0, size, false)
      const aHi = m.opHi
      const b = m.read(stringAddress(m, i, RDI, size, false), size)
      alu(m, AluOp.Cmp, size, a, aHi, b, m.opHi)
      advance(m, i, RDI, delta)
      return
    }
    case StringOp.Ins:
      checkIoPermission(m)
      inElement(m, i, stringAddress(m, i, RDI, size, true))
      advance(m, i, RDI, delta)
      return
    case StringOp.Outs:
      checkIoPermission(m)
      outElement(m, i, stringAddress(m, i, RSI, size, false))
      advance(m, i, RSI, delta)
      return
  }
}

/** The REP count register is zero (RCX, or ECX with 32-bit addressing). */
function countIsZero(m: Machine, i: Insn): boolean {
  return i.addr32 ? m.lo[RCX] === 0 : (m.lo[RCX] | m.hi[RCX]) === 0
}

/**
 * A REP string instruction with 32-bit addressing and ECX = 0 still clears bits 63:32 of RCX, and of
 * RSI/RDI for MOVS and RDI for STOS, on Intel parts (as KVM's emulate.c string_registers_quirk()
 * describes them; it applies the quirk only for Intel guests).
 */
function zeroCountQuirk(m: Machine, i: Insn): void {
  if (!i.addr32 || m.vendor !== 'intel') return
  m.hi[RCX] = 0
  if (i.sub === StringOp.Movs) m.hi[RSI] = 0
  if (i.sub === StringOp.Movs || i.sub === StringOp.Stos) m.hi[RDI] = 0
}

export function stringInsn(m: Machine, i: Insn): void {
  if (!i.rep && !i.repne) {
    iteration(m, i)
    return
  }
  if (countIsZero(m, i)) {
    zeroCountQuirk(m, i)
    return
  }
  iteration(m, i)
  advance(m, i, RCX, -1)
  let more = !countIsZero(m, i)
  if (more && (i.sub === StringOp.Cmps || i.sub === StringOp.Scas)) {
    const zf = (m.rflags & ZF) !== 0
    more = i.repne ? !zf : zf
  }
  if (more) m.nextRip = i.addr
}
