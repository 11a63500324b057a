/**
 * Specialised handlers for the hottest forms: 32- and 64-bit ALU operations on a register with a
 * register or immediate source, INC/DEC of a register, and each Jcc condition. Same results and
 * flags as the generic paths in ./arith and ../alu (the hardware flag table exercises both); they
 * exist only to keep per-instruction dispatch cheap (issue 2 §5 throughput goal).
 */
import { AluOp, PARITY } from '../alu'
import { AF, CF, GP_VECTOR, OF, PF, SF, STATUS_FLAGS, ZF } from '../constants'
import { GuestFault } from '../fault'
import type { Handler, Insn } from '../insn'
import type { Machine } from '../machine'
import { OperandType } from '../operand'

const KEEP = ~STATUS_FLAGS

function source32(m: Machine, i: Insn): number {
  return i.op1.type === OperandType.Imm ? i.op1.immLo : m.lo[i.op1.reg] >>> 0
}

/** SZP flags of a 32-bit result. */
function szp32(r: number): number {
  return PARITY[r & 0xff] | (r === 0 ? ZF : 0) | ((r >>> 24) & SF)
}

function add32(m: Machine, i: Insn): void {
  const d = i.op0.reg
  const a = m.lo[d] >>> 0
  const b = source32(m, i)
  const sum = a + b
  const r = sum >>> 0
  m.lo[d] = r
  m.hi[d] = 0
  m.rflags = (m.rflags & KEEP) | szp32(r) | (sum > 0xffffffff ? CF : 0) | ((a ^ b ^ r) & AF) | ((((a ^ r) & (b ^ r)) >>> 20) & OF)
}

function subFlags32(a: number, b: number, r: number): number {
  return szp32(r) | (a < b ? CF : 0) | ((a ^ b ^ r) & AF) | ((((a ^ b) & (a ^ r)) >>> 20) & OF)
}

function sub32(m: Machine, i: Insn): void {
  const d = i.op0.reg
  const a = m.lo[d] >>> 0
  const b = source32(m, i)
  const r = (a - b) >>> 0
  m.lo[d] = r
  m.hi[d] = 0
  m.rflags = (m.rflags & KEEP) | subFlags32(a, b, r)
}

function cmp32(m: Machine, i: Insn): void {
  const a = m.lo[i.op0.reg] >>> 0
  const b = source32(m, i)
  m.rflags = (m.rflags & KEEP) | subFlags32(a, b, (a - b) >>> 0)
}

/** AND/OR/XOR: CF=OF=0; AF (undefined) cleared as in ../alu. */
function logic32(op: (a: number, b: number) => number): Handler {
  return (m, i) => {
    const d = i.op0.reg
    const r = op(m.lo[d], source32(m, i)) >>> 0
    m.lo[d] = r
    m.hi[d] = 0
    m.rflags = (m.rflags & KEEP) | szp32(r)
  }
}

/** INC/DEC of a 32-bit register (i.sub 0/1): CF preserved. */
function incDec32(m: Machine, i: Insn): void {
  const d = i.op0.reg
  const a = m.lo[d] >>> 0
  const dec = i.sub === 1
  const r = (dec ? a - 1 : a + 1) >>> 0
  m.lo[d] = r
  m.hi[d] = 0
  const of = dec ? a === 0x80000000 : a === 0x7fffffff
  m.rflags = (m.rflags & (KEEP | CF)) | szp32(r) | ((a ^ r ^ 1) & AF) | (of ? OF : 0)
}

/** SZP flags of a 64-bit result from its halves. */
function szp64(lo: number, hi: number): number {
  return PARITY[lo & 0xff] | ((lo | hi) === 0 ? ZF : 0) | ((hi >>> 24) & SF)
}

function add64(m: Machine, i: Insn): void {
  const d = i.op0.reg
  const imm = i.op1.type === OperandType.Imm
  const aLo = m.lo[d] >>> 0
  const aHi = m.hi[d] >>> 0
  const bLo = imm ? i.op1.immLo : m.lo[i.op1.reg] >>> 0
  const bHi = imm ? i.op1.immHi : m.hi[i.op1.reg] >>> 0
  const lo = aLo + bLo
  const rLo = lo >>> 0
  const hiSum = aHi + bHi + (lo > 0xffffffff ? 1 : 0)
  const rHi = hiSum >>> 0
  m.lo[d] = rLo
  m.hi[d] = rHi
  m.rflags = (m.rflags & KEEP) | szp64(rLo, rHi) | (hiSum > 0xffffffff ? CF : 0) | ((aLo ^ bLo ^ rLo) & AF) | ((((aHi ^ rHi) & (bHi ^ rHi)) >>> 20) & OF)
}

function subCmp64(write: boolean): Handler {
  return (m, i) => {
    const d = i.op0.reg
    const imm = i.op1.type === OperandType.Imm
    const aLo = m.lo[d] >>> 0
    const aHi = m.hi[d] >>> 0
    const bLo = imm ? i.op1.immLo : m.lo[i.op1.reg] >>> 0
    const bHi = imm ? i.op1.immHi : m.hi[i.op1.reg] >>> 0
    const lo = aLo - bLo
    const rLo = lo >>> 0
    const hiDiff = aHi - bHi - (lo < 0 ? 1 : 0)
    const rHi = hiDiff >>> 0
    if (write) {
      m.lo[d] = rLo
      m.hi[d] = rHi
    }
    m.rflags = (m.rflags & KEEP) | szp64(rLo, rHi) | (hiDiff < 0 ? CF : 0) | ((aLo ^ bLo ^ rLo) & AF) | ((((aHi ^ bHi) & (aHi ^ rHi)) >>> 20) & OF)
  }
}

function logic64(op: (a: number, b: number) => number): Handler {
  return (m, i) => {
    const d = i.op0.reg
    const imm = i.op1.type === OperandType.Imm
    const rLo = op(m.lo[d], imm ? i.op1.immLo : m.lo[i.op1.reg]) >>> 0
    const rHi = op(m.hi[d], imm ? i.op1.immHi : m.hi[i.op1.reg]) >>> 0
    m.lo[d] = rLo
    m.hi[d] = rHi
    m.rflags = (m.rflags & KEEP) | szp64(rLo, rHi)
  }
}

/** INC/DEC of a 64-bit register (i.sub 0/1): CF preserved. */
function incDec64(m: Machine, i: Insn): void {
  const d = i.op0.reg
  const aLo = m.lo[d] >>> 0
  const aHi = m.hi[d] >>> 0
  const dec = i.sub === 1
  const lo = dec ? aLo - 1 : aLo + 1
  const rLo = lo >>> 0
  const rHi = (lo < 0 ? aHi - 1 : lo > 0xffffffff ? aHi + 1 : aHi) >>> 0
  m.lo[d] = rLo
  m.hi[d] = rHi
  const of = dec ? aHi === 0x80000000 && aLo === 0 : aHi === 0x7fffffff && aLo === 0xffffffff
  m.rflags = (m.rflags & (KEEP | CF)) | szp64(rLo, rHi) | ((aLo ^ rLo ^ 1) & AF) | (of ? OF : 0)
}

const and = (a: number, b: number): number => a & b
const or = (a: number, b: number): number => a | b
const xor = (a: number, b: number): number => a ^ b

/** Register-form ALU handlers by AluOp and size; undefined where the generic path must run (ADC/SBB). */
export function fastAlu(op: AluOp, size: 4 | 8): Handler | undefined {
  if (size === 4) {
    switch (op) {
      case AluOp.Add: return add32
      case AluOp.Sub: return sub32
      case AluOp.Cmp: return cmp32
      case AluOp.And: return logic32(and)
      case AluOp.Or: return logic32(or)
      case AluOp.Xor: return logic32(xor)
      default: return undefined
    }
  }
  switch (op) {
    case AluOp.Add: return add64
    case AluOp.Sub: return subCmp64(true)
    case AluOp.Cmp: return subCmp64(false)
    case AluOp.And: return logic64(and)
    case AluOp.Or: return logic64(or)
    case AluOp.Xor: return logic64(xor)
    default: return undefined
  }
}

export function fastIncDec(size: 4 | 8): Handler {
  return size === 4 ? incDec32 : incDec64
}

function branch(m: Machine, i: Insn): void {
  if (!i.targetCanonical) throw new GuestFault(GP_VECTOR, 0)
  m.nextRip = i.target
}

const SF_OF = (f: number): boolean => ((f & SF) !== 0) !== ((f & OF) !== 0)

/** Jcc handlers indexed by iced ConditionCode (o=1 ... g=16). */
export const JCC: readonly Handler[] = [
  branch,
  (m, i) => { if (m.rflags & OF) branch(m, i) },
  (m, i) => { if (!(m.rflags & OF)) branch(m, i) },
  (m, i) => { if (m.rflags & CF) branch(m, i) },
  (m, i) => { if (!(m.rflags & CF)) branch(m, i) },
  (m, i) => { if (m.rflags & ZF) branch(m, i) },
  (m, i) => { if (!(m.rflags & ZF)) branch(m, i) },
  (m, i) => { if (m.rflags & (CF | ZF)) branch(m, i) },
  (m, i) => { if (!(m.rflags & (CF | ZF))) branch(m, i) },
  (m, i) => { if (m.rflags & SF) branch(m, i) },
  (m, i) => { if (!(m.rflags & SF)) branch(m, i) },
  (m, i) => { if (m.rflags & PF) branch(m, i) },
  (m, i) => { if (!(m.rflags & PF)) branch(m, i) },
  (m, i) => { if (SF_OF(m.rflags)) branch(m, i) },
  (m, i) => { if (!SF_OF(m.rflags)) branch(m, i) },
  (m, i) => { if (m.rflags & ZF || SF_OF(m.rflags)) branch(m, i) },
  (m, i) => { if (!(m.rflags & ZF) && !SF_OF(m.rflags)) branch(m, i) },
]
