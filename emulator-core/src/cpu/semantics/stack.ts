/**
 * Stack instructions: PUSH/POP (64-bit, or 16-bit with 0x66), PUSHFQ/POPFQ, LEAVE.
 * PUSH SS / POP SS (and ES/CS/DS) are invalid in 64-bit mode: iced decodes them as invalid and they
 * raise #UD, so the POP SS shadow exists only through MOV SS here.
 */
import { AC, DF, ID, IF, IOPL, NT, RF, RFLAGS_FIXED, STATUS_FLAGS, TF, VM } from '../constants'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { OperandType } from '../operand'

export function push(m: Machine, i: Insn): void {
  const lo = m.readOp(i.op0)
  const hi = m.opHi
  if (i.size === 2) {
    pushWord(m, lo)
    return
  }
  m.push64(lo, hi)
}

function pushWord(m: Machine, value: number): void {
  const sp = (m.lo[4] >>> 0) - 2
  m.eaLo = sp >>> 0
  m.eaHi = sp < 0 ? (m.hi[4] - 1) >>> 0 : m.hi[4] >>> 0
  const a = m.checkedAddress(2, true, true)
  m.write(a, 2, value, 0)
  m.lo[4] = m.eaLo
  m.hi[4] = m.eaHi
}

export function pop(m: Machine, i: Insn): void {
  let lo: number
  if (i.size === 2) {
    m.eaLo = m.lo[4] >>> 0
    m.eaHi = m.hi[4] >>> 0
    lo = m.read(m.checkedAddress(2, false, true), 2)
    const sp = (m.lo[4] >>> 0) + 2
    m.lo[4] = sp
    if (sp > 0xffffffff) m.hi[4] = m.hi[4] + 1
    m.opHi = 0
  } else {
    lo = m.pop64()
  }
  if (i.op0.type === OperandType.Seg) {
    // POP FS / POP GS (the only segment pops valid in 64-bit mode): flat model, the selector is stored.
    m.seg[i.op0.reg] = lo & 0xffff
    return
  }
  // POP into a memory operand that uses RSP computes the address after the increment (SDM "POP").
  m.writeOp(i.op0, lo, m.opHi)
}

/** LEAVE (64-bit): RSP = RBP, then POP RBP. */
export function leave(m: Machine): void {
  const spLo = m.lo[4]
  const spHi = m.hi[4]
  m.lo[4] = m.lo[5]
  m.hi[4] = m.hi[5]
  try {
    const lo = m.pop64()
    m.lo[5] = lo
    m.hi[5] = m.opHi
  } catch (e) {
    // A faulting LEAVE leaves RSP unchanged.
    m.lo[4] = spLo
    m.hi[4] = spHi
    throw e
  }
}

/** PUSHFQ: the image has RF and VM cleared. */
export function pushf(m: Machine): void {
  m.push64((m.rflags & ~(RF | VM)) >>> 0, 0)
}

/**
 * POPFQ (SDM "POPF" protected-mode rules): CPL0 may change everything but VIP/VIF/VM; CPL>0 cannot
 * change IOPL, and cannot change IF unless CPL <= IOPL. RF is cleared by completing the instruction.
 */
export function popf(m: Machine): void {
  const lo = m.pop64()
  let changeable = STATUS_FLAGS | TF | IF | DF | IOPL | NT | AC | ID
  if (m.cpl > 0) {
    changeable &= ~IOPL
    if (m.cpl > (m.rflags & IOPL) >>> 12) changeable &= ~IF
  }
  m.rflags = ((m.rflags & ~changeable) | (lo & changeable) | RFLAGS_FIXED) >>> 0
}
