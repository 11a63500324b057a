/**
 * RDTSC/RDTSCP (SDM Vol. 2 "RDTSC", "RDTSCP"): EDX:EAX ← the time-stamp counter; RDTSCP also
 * ECX ← IA32_TSC_AUX[31:0]. With CR4.TSD set both are #GP(0) at CPL > 0. The model has no cycles:
 * its counter starts at 0 (the SDM's reset value) and ticks once per retired instruction, so it is
 * monotonic and deterministic.
 */
import { CR4_TSD, GP_VECTOR } from '../constants'
import { GuestFault } from '../fault'
import type { Insn } from '../insn'
import type { Machine } from '../machine'

function readTsc(m: Machine): void {
  if (m.cr4 & CR4_TSD && m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  const tsc = m.retired
  m.writeGpr(0, 4, false, tsc >>> 0, 0)
  m.writeGpr(2, 4, false, Math.floor(tsc / 4294967296) >>> 0, 0)
}

/** i.sub: 0 RDTSC, 1 RDTSCP. */
export function rdtsc(m: Machine, i: Insn): void {
  readTsc(m)
  if (i.sub === 1) m.writeGpr(1, 4, false, Number(m.syscallMsrs.tscAux), 0)
}
