/**
 * Pre-decoded operands: what an instruction handler needs to read or write one operand without
 * touching iced-x86 again (the decode cache stores these).
 */
import { Register } from 'iced-x86'

export const enum OperandType {
  None,
  /** A general-purpose register (any width, incl. AH/CH/DH/BH). */
  Gpr,
  /** A memory operand ([base + index*scale + disp], RIP-relative already resolved). */
  Mem,
  /** An immediate (sign- or zero-extended to the operand size by the decoder). */
  Imm,
  /** A segment register (ES, CS, SS, DS, FS, GS = 0..5). */
  Seg,
  /** A control register (number in `reg`). */
  Cr,
  /** A debug register (number in `reg`). */
  Dr,
}

/** Register number that stands for "no register" in `base`/`index`. */
export const NO_REG = -1

export class Operand {
  type: OperandType = OperandType.None
  /** Operand size in bytes (1, 2, 4, 8); for memory, the access size. */
  size = 0
  /** GPR number 0-15 (RAX..R15), segment 0-5, CR or DR number. */
  reg = 0
  /** AH/CH/DH/BH: bits 15:8 of GPR `reg`. */
  high8 = false
  /** Immediate value: low and high unsigned 32-bit halves (high is 0 for sizes below 8). */
  immLo = 0
  immHi = 0
  /** Memory: base GPR or NO_REG. */
  base = NO_REG
  /** Memory: index GPR or NO_REG. */
  index = NO_REG
  /** Memory: scale 1, 2, 4, 8. */
  scale = 1
  /** Memory: 64-bit displacement (RIP-relative: the absolute target), unsigned halves. */
  dispLo = 0
  dispHi = 0
  /** Memory: 32-bit address size (0x67 prefix): the effective address wraps at 4 GiB. */
  addr32 = false
}

/** GPR number, width and high-byte flag of an iced register, or undefined for a non-GPR. */
export function gprOf(reg: Register): { index: number; size: number; high8: boolean } | undefined {
  if (reg >= Register.AL && reg <= Register.BL) return { index: reg - Register.AL, size: 1, high8: false }
  if (reg >= Register.AH && reg <= Register.BH) return { index: reg - Register.AH, size: 1, high8: true }
  if (reg >= Register.SPL && reg <= Register.R15L) return { index: reg - Register.SPL + 4, size: 1, high8: false }
  if (reg >= Register.AX && reg <= Register.R15W) return { index: reg - Register.AX, size: 2, high8: false }
  if (reg >= Register.EAX && reg <= Register.R15D) return { index: reg - Register.EAX, size: 4, high8: false }
  if (reg >= Register.RAX && reg <= Register.R15) return { index: reg - Register.RAX, size: 8, high8: false }
  return undefined
}

/** Segment register number (ES=0 ... GS=5), or undefined. */
export function segOf(reg: Register): number | undefined {
  return reg >= Register.ES && reg <= Register.GS ? reg - Register.ES : undefined
}

export const SEG_SS = 2
export const SEG_CS = 1
