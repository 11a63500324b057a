/** Control transfer: JMP, Jcc, CALL, RET, LOOP/LOOPE/LOOPNE, JRCXZ (SDM Vol. 2). */
import { GP_VECTOR, ZF } from '../constants'
import { GuestFault } from '../fault'
import type { Insn } from '../insn'
import type { Machine } from '../machine'

const TWO_32 = 4294967296

/** A 64-bit target must be canonical, else the branch itself faults with #GP(0) (RIP unchanged). */
function jumpTo(m: Machine, lo: number, hi: number): void {
  const top = hi >>> 15
  if (top !== 0 && top !== 0x1ffff) throw new GuestFault(GP_VECTOR, 0)
  m.nextRip = hi * TWO_32 + lo
}

function relativeTarget(m: Machine, i: Insn): void {
  if (!i.targetCanonical) throw new GuestFault(GP_VECTOR, 0)
  m.nextRip = i.target
}

export function jmpRel(m: Machine, i: Insn): void {
  relativeTarget(m, i)
}

export function jmpIndirect(m: Machine, i: Insn): void {
  const lo = m.readOp(i.op0)
  jumpTo(m, lo, m.opHi)
}

function pushReturnAddress(m: Machine, i: Insn): void {
  m.push64(i.next >>> 0, Math.floor(i.next / TWO_32))
}

export function callRel(m: Machine, i: Insn): void {
  if (!i.targetCanonical) throw new GuestFault(GP_VECTOR, 0)
  pushReturnAddress(m, i)
  m.nextRip = i.target
}

export function callIndirect(m: Machine, i: Insn): void {
  const lo = m.readOp(i.op0)
  const hi = m.opHi
  const top = hi >>> 15
  if (top !== 0 && top !== 0x1ffff) throw new GuestFault(GP_VECTOR, 0)
  pushReturnAddress(m, i)
  m.nextRip = hi * TWO_32 + lo
}

/** RET / RET imm16 (near, 64-bit operand size). */
export function ret(m: Machine, i: Insn): void {
  const lo = m.pop64()
  const hi = m.opHi
  jumpTo(m, lo, hi)
  if (i.op0.immLo) {
    const sp = (m.lo[4] >>> 0) + i.op0.immLo
    m.lo[4] = sp
    if (sp > 0xffffffff) m.hi[4] = m.hi[4] + 1
  }
}

/** Decrements RCX (ECX with a 0x67 prefix: i.size 4) without touching flags; returns whether it is now non-zero. */
function decrementCounter(m: Machine, i: Insn): boolean {
  const lo = (m.lo[1] >>> 0) - 1
  if (i.size === 4) {
    m.lo[1] = lo
    m.hi[1] = 0
    return lo >>> 0 !== 0
  }
  m.lo[1] = lo
  if (lo < 0) m.hi[1] = m.hi[1] - 1
  return (m.lo[1] | m.hi[1]) !== 0
}

/** LOOP (sub 0), LOOPE (sub 1), LOOPNE (sub 2). */
export function loop(m: Machine, i: Insn): void {
  const nonZero = decrementCounter(m, i)
  const zf = (m.rflags & ZF) !== 0
  const take = i.sub === 0 ? nonZero : i.sub === 1 ? nonZero && zf : nonZero && !zf
  if (take) relativeTarget(m, i)
}

/** JRCXZ / JECXZ (i.size 4). */
export function jrcxz(m: Machine, i: Insn): void {
  const zero = i.size === 4 ? m.lo[1] === 0 : (m.lo[1] | m.hi[1]) === 0
  if (zero) relativeTarget(m, i)
}
