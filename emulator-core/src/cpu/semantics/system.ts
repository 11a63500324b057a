/**
 * System and flag instructions: CLC/STC/CMC/CLD/STD/CLI/STI, HLT, NOP/PAUSE/fences, INT3, INT1
 * (ICEBP), INT n, IRETQ, UD2, CPUID, RDMSR/WRMSR, IN/OUT, LGDT/LIDT/LTR.
 */
import { CF, DF, GP_VECTOR, IF, IOPL, RFLAGS_DEFINED, RFLAGS_FIXED, UD_VECTOR, VIF, VIP, VM } from '../constants'
import { GuestFault } from '../fault'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { OperandType, SEG_CS, SEG_SS } from '../operand'
import { readDescriptor } from './descriptors'

export function nop(): void {}

/** CLC (sub 0), STC (1), CMC (2), CLD (3), STD (4). */
export function flagOp(m: Machine, i: Insn): void {
  switch (i.sub) {
    case 0: m.rflags &= ~CF; break
    case 1: m.rflags |= CF; break
    case 2: m.rflags ^= CF; break
    case 3: m.rflags &= ~DF; break
    case 4: m.rflags |= DF; break
  }
}

function iopl(m: Machine): number {
  return (m.rflags & IOPL) >>> 12
}

/** CLI: #GP(0) when CPL > IOPL (no VME/PVI in 64-bit mode). */
export function cli(m: Machine): void {
  if (m.cpl > iopl(m)) throw new GuestFault(GP_VECTOR, 0)
  m.rflags &= ~IF
}

/** STI: sets IF; blocks interrupts for one instruction only when IF was 0 (SDM "STI"). */
export function sti(m: Machine): void {
  if (m.cpl > iopl(m)) throw new GuestFault(GP_VECTOR, 0)
  if (!(m.rflags & IF)) m.newShadow = 'sti'
  m.rflags |= IF
}

export function hlt(m: Machine): void {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  m.env.halt()
  m.haltCompleted = true
}

export function ud2(): void {
  throw new GuestFault(UD_VECTOR)
}

/** INT3 (sub 3, kind int3), INT1/ICEBP (kind icebp), INT n: delivery happens in the step layer. */
export function int3(m: Machine): void {
  m.softIntVector = 3
  m.softIntKind = 'int3'
}

export function icebp(m: Machine): void {
  m.softIntVector = 1
  m.softIntKind = 'icebp'
}

export function intN(m: Machine, i: Insn): void {
  m.softIntVector = i.op0.immLo & 0xff
  m.softIntKind = 'int'
}

/**
 * IRETQ (64-bit mode, SDM "IRET" IA-32e return): pops RIP, CS, RFLAGS, RSP, SS. Returning to an
 * outer level needs CS/SS with RPL = DPL = new CPL; the model runs 64-bit code only, so the target
 * CS must have L=1 (else #GP(CS)). At CPL>0 IOPL is kept and IF only changes when CPL <= IOPL. RF is
 * loaded from the image and kept after completion.
 */
export function iretq(m: Machine): void {
  const ripLo = m.pop64()
  const ripHi = m.opHi
  const cs = m.pop64() & 0xffff
  const flags = m.pop64()
  const rspLo = m.pop64()
  const rspHi = m.opHi
  const ss = m.pop64() & 0xffff
  const newCpl = cs & 3
  if (newCpl < m.cpl) throw new GuestFault(GP_VECTOR, cs & 0xfffc)
  const code = readDescriptor(m, cs)
  if (!code || !code.code || !code.present || !code.long || code.dpl !== newCpl) throw new GuestFault(GP_VECTOR, cs & 0xfffc)
  if ((ss & 0xfffc) === 0) {
    if (newCpl === 3) throw new GuestFault(GP_VECTOR, 0)
  } else {
    const stack = readDescriptor(m, ss)
    if (!stack || stack.code || !stack.writable || !stack.present || stack.dpl !== newCpl || (ss & 3) !== newCpl) throw new GuestFault(GP_VECTOR, ss & 0xfffc)
  }
  const top = ripHi >>> 15
  if (top !== 0 && top !== 0x1ffff) throw new GuestFault(GP_VECTOR, 0)
  let changeable = RFLAGS_DEFINED & ~(VM | VIF | VIP)
  if (m.cpl > 0) {
    changeable &= ~IOPL
    if (m.cpl > iopl(m)) changeable &= ~IF
  }
  m.rflags = ((m.rflags & ~changeable) | (flags & changeable) | RFLAGS_FIXED) >>> 0
  m.nextRip = ripHi * 4294967296 + ripLo
  m.seg[SEG_CS] = cs
  m.seg[SEG_SS] = ss
  m.cpl = newCpl as 0 | 3
  m.lo[4] = rspLo
  m.hi[4] = rspHi
  m.keepRf = true
}

export function cpuid(m: Machine): void {
  const [a, b, c, d] = m.env.cpuid(m.lo[0] >>> 0, m.lo[1] >>> 0)
  m.writeGpr(0, 4, false, a, 0)
  m.writeGpr(3, 4, false, b, 0)
  m.writeGpr(1, 4, false, c, 0)
  m.writeGpr(2, 4, false, d, 0)
}

/** RDMSR: ECX names the MSR; unknown or CPL>0 → #GP(0); EDX:EAX = value. */
export function rdmsr(m: Machine): void {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  const v = m.env.rdmsr(m.lo[1] >>> 0)
  if (v === undefined) throw new GuestFault(GP_VECTOR, 0)
  m.writeGpr(0, 4, false, Number(v & 0xffffffffn), 0)
  m.writeGpr(2, 4, false, Number((v >> 32n) & 0xffffffffn), 0)
}

export function wrmsr(m: Machine): void {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  const value = (BigInt(m.lo[2] >>> 0) << 32n) | BigInt(m.lo[0] >>> 0)
  if (!m.env.wrmsr(m.lo[1] >>> 0, value)) throw new GuestFault(GP_VECTOR, 0)
}

/** I/O permission: CPL > IOPL → #GP(0) (the runtime TSS has no I/O bitmap). */
export function checkIoPermission(m: Machine): void {
  if (m.cpl > iopl(m)) throw new GuestFault(GP_VECTOR, 0)
}

/** Port number and access size of IN/OUT: the imm8 or DX operand, AL/AX/EAX. */
export function ioPortAndSize(m: Machine, i: Insn): { port: number; size: 1 | 2 | 4 } {
  const isIn = i.sub === 0
  const portOp = isIn ? i.op1 : i.op0
  const dataOp = isIn ? i.op0 : i.op1
  const port = portOp.type === OperandType.Imm ? portOp.immLo & 0xff : m.lo[2] & 0xffff
  return { port, size: dataOp.size as 1 | 2 | 4 }
}

/** IN (sub 0) / OUT (sub 1). I/O breakpoints are checked by the hardware layer. */
export function inOut(m: Machine, i: Insn): void {
  checkIoPermission(m)
  const { port, size } = ioPortAndSize(m, i)
  if (m.ioBpArmed && !m.emulating) m.checkIoBreakpoints(port, size)
  if (i.sub === 0) {
    const v = m.env.pioIn(port, size)
    m.writeGpr(0, size, false, size === 4 ? v >>> 0 : v & ((1 << (size * 8)) - 1), 0)
  } else {
    m.env.pioOut(port, size, m.readGpr(0, size, false))
  }
}

/** LGDT (sub 0) / LIDT (sub 1): m16&64 operand. */
export function loadTableRegister(m: Machine, i: Insn): void {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  m.effectiveAddress(i.op0)
  const a = m.checkedAddress(10, false, false)
  const limit = m.read(a, 2)
  const baseLo = m.read(a + 2, 4)
  const baseHi = m.read(a + 6, 4)
  const base = baseHi * 4294967296 + baseLo
  if (i.sub === 0) {
    m.gdtrBase = base
    m.gdtrLimit = limit
  } else {
    m.idtrBase = base
    m.idtrLimit = limit
  }
}

/** LTR: the selector must name an available 64-bit TSS (type 9) in the GDT; it becomes busy (type 11). */
export function ltr(m: Machine, i: Insn): void {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  const selector = m.readOp(i.op0) & 0xffff
  const d = readDescriptor(m, selector)
  if (!d || !d.system || d.type !== 9) throw new GuestFault(GP_VECTOR, selector & 0xfffc)
  if (!d.present) throw new GuestFault(11, selector & 0xfffc)
  const typeByte = m.gdtrBase + (selector & 0xfff8) + 5
  m.poke(typeByte, 1, m.peek(typeByte, 1) | 0x2, 0)
  m.trSel = selector
  m.trBase = d.base
  m.trLimit = d.limit
}
