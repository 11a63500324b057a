/**
 * One element of INS/OUTS (SDM Vol. 2 "INS/INSB/INSW/INSD", "OUTS/OUTSB/OUTSW/OUTSD"): port DX,
 * memory at ES:[RDI] (INS) or DS:[RSI] (OUTS), flat segments. The REP loop, the addresses and the
 * pointer update are ./string's; I/O permission (CPL > IOPL → #GP(0), no TSS I/O bitmap) is checked
 * there before the memory access, as the SDM's pseudocode orders it. An enabled I/O breakpoint that
 * the port matches is recorded per element, so the trap #DB follows the iteration that matched, with
 * RIP still on a REP instruction that has more to do (SDM Vol. 3 §18.3.1.2).
 */
import type { Insn } from '../insn'
import type { Machine } from '../machine'

/** INS: the element read from port DX is stored at `a` (already checked for a write). */
export function inElement(m: Machine, i: Insn, a: number): void {
  const size = i.size as 1 | 2 | 4
  const port = m.lo[2] & 0xffff
  if (m.ioBpArmed && !m.emulating) m.checkIoBreakpoints(port, size)
  const v = m.env.pioIn(port, size)
  m.write(a, size, size === 4 ? v >>> 0 : v & ((1 << (size * 8)) - 1), 0)
}

/** OUTS: the element at `a` (already checked for a read) is written to port DX. */
export function outElement(m: Machine, i: Insn, a: number): void {
  const size = i.size as 1 | 2 | 4
  const port = m.lo[2] & 0xffff
  const v = m.read(a, size)
  if (m.ioBpArmed && !m.emulating) m.checkIoBreakpoints(port, size)
  m.env.pioOut(port, size, v)
}
