/** Exception vector names as scenarios spell them (SDM Vol. 3 Table 6-1). */
import type { VectorName } from '../types/scenario'

export const VECTOR_NUMBERS: Readonly<Record<VectorName, number>> = {
  DE: 0, DB: 1, NMI: 2, BP: 3, OF: 4, BR: 5, UD: 6, NM: 7, DF: 8, TS: 10, NP: 11, SS: 12, GP: 13, PF: 14, AC: 17,
}
