/** Data movement: MOV (GPR, memory, immediate, moffs, segment, CR, DR), MOVZX/MOVSX(D), LEA, XCHG. */
import { setResult, toSignedBig } from '../alu'
import { CR4_DE, GP_VECTOR, UD_VECTOR } from '../constants'
import { GuestFault } from '../fault'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { OperandType, SEG_SS } from '../operand'
import type { ControlRegister } from '../seam'
import { readDescriptor } from './descriptors'

export function mov(m: Machine, i: Insn): void {
  const lo = m.readOp(i.op1)
  m.writeOp(i.op0, lo, m.opHi)
}

/** Fast path: MOV between GPRs or from an immediate, 32/64-bit. */
export function movRegFast(m: Machine, i: Insn): void {
  const d = i.op0.reg
  const s = i.op1
  if (s.type === OperandType.Imm) {
    m.lo[d] = s.immLo
    m.hi[d] = i.size === 8 ? s.immHi : 0
  } else {
    m.lo[d] = m.lo[s.reg]
    m.hi[d] = i.size === 8 ? m.hi[s.reg] : 0
  }
}

/** MOVZX: zero-extend op1 into op0. */
export function movzx(m: Machine, i: Insn): void {
  const lo = m.readOp(i.op1)
  m.writeOp(i.op0, lo, 0)
}

/** MOVSX/MOVSXD: sign-extend op1 into op0. */
export function movsx(m: Machine, i: Insn): void {
  const lo = m.readOp(i.op1)
  setResult(m, i.size, toSignedBig(i.op1.size, lo, m.opHi))
  m.writeOp(i.op0, m.rLo, m.rHi)
}

/** LEA: the effective address, truncated to the destination size. */
export function lea(m: Machine, i: Insn): void {
  m.effectiveAddress(i.op1)
  m.writeOp(i.op0, m.eaLo, i.size === 8 ? m.eaHi : 0)
}

/** XCHG (a memory operand makes it implicitly locked; no difference here). */
export function xchg(m: Machine, i: Insn): void {
  const aLo = m.readOp(i.op0)
  const aHi = m.opHi
  const bLo = m.readOp(i.op1)
  const bHi = m.opHi
  m.writeOp(i.op0, bLo, bHi)
  m.writeOp(i.op1, aLo, aHi)
}

/**
 * MOV to a segment register (64-bit mode). SS: a null selector is allowed at CPL0 (SDM "MOV"
 * 64-bit mode exceptions); otherwise RPL and DPL must equal CPL and the descriptor must be a present
 * writable data segment, else #GP(selector). Loading SS sets the MOV-SS shadow (the decoder marks
 * it). MOV to CS is #UD.
 */
export function movToSeg(m: Machine, i: Insn): void {
  const selector = m.readOp(i.op1) & 0xffff
  const seg = i.op0.reg
  if (seg === 1) throw new GuestFault(UD_VECTOR)
  if (seg === SEG_SS) {
    const rpl = selector & 3
    if ((selector & 0xfffc) === 0) {
      if (m.cpl === 3 || rpl !== m.cpl) throw new GuestFault(GP_VECTOR, 0)
    } else {
      const d = readDescriptor(m, selector)
      if (!d || rpl !== m.cpl || d.dpl !== m.cpl || !d.present || d.code || !d.writable) throw new GuestFault(GP_VECTOR, selector & 0xfffc)
    }
  }
  m.seg[seg] = selector
  if (seg === SEG_SS) m.newShadow = 'mov-ss'
}

/** MOV from a segment register: 16-bit to memory; to a register, zero-extended. */
export function movFromSeg(m: Machine, i: Insn): void {
  m.writeOp(i.op0, m.seg[i.op1.reg], 0)
}

const VALID_CRS = [0, 2, 3, 4, 8]

function checkCr(m: Machine, cr: number): ControlRegister {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  if (!VALID_CRS.includes(cr)) throw new GuestFault(UD_VECTOR)
  return cr as ControlRegister
}

/** MOV r64, CRn (via the env: hardware or KVM's emulator ops). */
export function movFromCr(m: Machine, i: Insn): void {
  const v = m.env.getCr(checkCr(m, i.op1.reg))
  m.writeGpr(i.op0.reg, 8, false, Number(v & 0xffffffffn), Number(v >> 32n))
}

/** MOV CRn, r64: an invalid value is #GP(0). */
export function movToCr(m: Machine, i: Insn): void {
  const cr = checkCr(m, i.op0.reg)
  const lo = m.readGpr(i.op1.reg, 8, false)
  if (!m.env.setCr(cr, (BigInt(m.opHi) << 32n) | BigInt(lo))) throw new GuestFault(GP_VECTOR, 0)
}

/**
 * Architectural checks of MOV DR that precede everything else (SDM "MOV—Move to/from Debug
 * Registers"): CPL>0 → #GP(0); DR8-15 → #UD; DR4/DR5 with CR4.DE → #UD. Returns the DR number
 * after DR4/DR5 aliasing (to DR6/DR7 without CR4.DE).
 */
export function checkMovDr(m: Machine, dr: number): number {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  if (dr > 7) throw new GuestFault(UD_VECTOR)
  if (dr === 4 || dr === 5) {
    if (m.cr4 & CR4_DE) throw new GuestFault(UD_VECTOR)
    return dr + 2
  }
  return dr
}

/** MOV r64, DRn. */
export function movFromDr(m: Machine, i: Insn): void {
  const dr = checkMovDr(m, i.op1.reg)
  if (m.env === m.hwEnv && dr >= 6) {
    // Hardware DR6/DR7 fit in 32 bits: skip the BigInt round trip on this common path.
    m.writeGpr(i.op0.reg, 8, false, dr === 6 ? m.dr6 : m.dr7, 0)
    return
  }
  const v = m.env.getDr(dr)
  m.writeGpr(i.op0.reg, 8, false, Number(v & 0xffffffffn), Number(v >> 32n))
}

/** MOV DRn, r64: writing bits 63:32 of DR6/DR7 is #GP(0) (the env decides validity). */
export function movToDr(m: Machine, i: Insn): void {
  const dr = checkMovDr(m, i.op0.reg)
  const lo = m.readGpr(i.op1.reg, 8, false)
  if (!m.env.setDr(dr, (BigInt(m.opHi) << 32n) | BigInt(lo))) throw new GuestFault(GP_VECTOR, 0)
}
