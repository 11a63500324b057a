/**
 * LAHF/SAHF (SDM Vol. 2 "LAHF", "SAHF"): AH ↔ SF:ZF:0:AF:0:PF:1:CF. In 64-bit mode both are valid
 * only with CPUID.80000001H:ECX.LAHF-SAHF[bit 0] (else #UD); the model's CPUID reports it (./cpuid).
 * SAHF loads SF, ZF, AF, PF and CF from AH bits 7, 6, 4, 2, 0; bits 5, 3 and 1 are ignored.
 */
import { AF, CF, PF, SF, ZF } from '../constants'
import type { Machine } from '../machine'

const AH_FLAGS = SF | ZF | AF | PF | CF

export function lahf(m: Machine): void {
  m.writeGpr(0, 1, true, (m.rflags & AH_FLAGS) | 0x2, 0)
}

export function sahf(m: Machine): void {
  m.rflags = (m.rflags & ~AH_FLAGS) | ((m.lo[0] >>> 8) & AH_FLAGS)
}
