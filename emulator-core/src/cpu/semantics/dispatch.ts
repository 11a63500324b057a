/**
 * Mnemonic → handler binding for the decode cache. A mnemonic missing here (or a form a binder
 * rejects) decodes to an `unsupported` entry, which raises #UD naming the mnemonic.
 */
import { Code, Mnemonic, OpKind, Register } from 'iced-x86'
import { AluOp, ShiftOp } from '../alu'
import type { Binder, Handler, Insn } from '../insn'
import { Intercept } from '../insn'
import { OperandType } from '../operand'
import * as arith from './arith'
import { bitStringOp } from './bit-string'
import { bswap } from './byte-swap'
import { doubleShift } from './double-shift'
import { swapgs, syscall } from './fast-system-call'
import { lahf, sahf } from './flags-byte'
import { JCC, fastAlu, fastIncDec } from './fast'
import * as control from './control'
import * as move from './move'
import * as stack from './stack'
import { StringOp, stringInsn } from './string'
import * as system from './system'
import { xlat } from './table-lookup'
import { rdtsc } from './time-stamp'

const CodeName = Code as unknown as Record<number, string>

function simple(exec: Handler, sub = 0): Binder {
  return (insn) => {
    insn.exec = exec
    insn.sub = sub
    return true
  }
}

function aluBinder(op: AluOp): Binder {
  return (insn) => {
    insn.sub = op
    const registerForm = insn.op0.type === OperandType.Gpr && (insn.op1.type === OperandType.Gpr || insn.op1.type === OperandType.Imm)
    insn.exec = (registerForm && (insn.size === 4 || insn.size === 8) ? fastAlu(op, insn.size) : undefined) ?? arith.aluBinary
    return true
  }
}

/** String instructions: 64-bit or (0x67) 32-bit addressing; 16-bit addressing cannot be encoded in 64-bit mode. */
function stringBinder(op: StringOp, size: number): Binder {
  return (insn, instr) => {
    for (let n = 0; n < instr.opCount; n++) {
      const kind = instr.opKind(n)
      if (kind === OpKind.MemorySegSI || kind === OpKind.MemoryESDI) return false
      if (kind === OpKind.MemorySegESI || kind === OpKind.MemoryESEDI) insn.addr32 = true
    }
    insn.exec = stringInsn
    insn.sub = op
    insn.size = size
    if (op === StringOp.Ins || op === StringOp.Outs) insn.intercept = Intercept.Io
    return true
  }
}

function incDecBinder(sub: number): Binder {
  return (insn) => {
    insn.sub = sub
    insn.exec = insn.op0.type === OperandType.Gpr && (insn.size === 4 || insn.size === 8) ? fastIncDec(insn.size) : arith.incDecOp
    return true
  }
}

/** Far JMP/CALL through memory (m16:16/32/64) loads CS from a descriptor: not modelled (#UD). */
const FAR_INDIRECT = new Set([Code.Jmp_m1616, Code.Jmp_m1632, Code.Jmp_m1664, Code.Call_m1616, Code.Call_m1632, Code.Call_m1664])

/** JMP/CALL: relative, or indirect through a register or memory (near only). */
function nearBranchBinder(relative: Handler, indirect: Handler): Binder {
  return (insn, instr) => {
    if (FAR_INDIRECT.has(instr.code)) return false
    insn.exec = insn.op0.type === OperandType.None ? relative : indirect
    return true
  }
}

/** BT/BTS/BTR/BTC: a register bit offset into memory addresses a bit string (./bit-string); other forms take the offset modulo the width. */
function bitTestBinder(sub: number): Binder {
  return (insn) => {
    insn.exec = insn.op0.type === OperandType.Mem && insn.op1.type === OperandType.Gpr ? bitStringOp : arith.bitTest
    insn.sub = sub
    return true
  }
}

/** XLAT: 32-bit addressing (0x67) uses EBX. */
const xlatBinder: Binder = (insn, instr) => {
  insn.addr32 = instr.memoryBase === Register.EBX
  insn.exec = xlat
  return true
}

/** PUSH/POP: a segment register moves 64 bits (16 with the 0x66 prefix: Pushw/Popw codes). */
function stackBinder(exec: Handler): Binder {
  return (insn) => {
    if (insn.op0.type === OperandType.Seg) insn.size = /^(Push|Pop)w_/.test(CodeName[insn.code] ?? '') ? 2 : 8
    insn.exec = exec
    return true
  }
}

const shiftBinder = (op: ShiftOp): Binder => simple(arith.shiftOp, op)

const movBinder: Binder = (insn) => {
  const { op0, op1 } = insn
  if (op0.type === OperandType.Dr || op1.type === OperandType.Dr) {
    const toDr = op0.type === OperandType.Dr
    insn.movDr = { dr: toDr ? op0.reg : op1.reg, gpr: toDr ? op1.reg : op0.reg, direction: toDr ? 'to-dr' : 'from-dr' }
    insn.exec = toDr ? move.movToDr : move.movFromDr
    insn.intercept = Intercept.MovDr
    return true
  }
  if (op0.type === OperandType.Cr) {
    insn.exec = move.movToCr
    return true
  }
  if (op1.type === OperandType.Cr) {
    insn.exec = move.movFromCr
    return true
  }
  if (op0.type === OperandType.Seg) {
    insn.exec = move.movToSeg
    if (op0.reg === 2) insn.setsShadow = 'mov-ss'
    return true
  }
  if (op1.type === OperandType.Seg) {
    insn.exec = move.movFromSeg
    return true
  }
  const fast = op0.type === OperandType.Gpr && (insn.size === 4 || insn.size === 8) && (op1.type === OperandType.Gpr || op1.type === OperandType.Imm)
  insn.exec = fast ? move.movRegFast : move.mov
  return true
}

/** Conditional instructions carry iced's condition code in `sub`. */
const conditional = (exec: Handler): Binder => (insn, instr) => {
  insn.exec = exec
  insn.sub = instr.conditionCode
  return true
}

function counterSize(insn: Insn): void {
  insn.size = CodeName[insn.code]?.includes('ECX') || CodeName[insn.code]?.startsWith('Jecxz') ? 4 : 8
}

const table = new Map<Mnemonic, Binder>([
  [Mnemonic.Add, aluBinder(AluOp.Add)],
  [Mnemonic.Or, aluBinder(AluOp.Or)],
  [Mnemonic.Adc, aluBinder(AluOp.Adc)],
  [Mnemonic.Sbb, aluBinder(AluOp.Sbb)],
  [Mnemonic.And, aluBinder(AluOp.And)],
  [Mnemonic.Sub, aluBinder(AluOp.Sub)],
  [Mnemonic.Xor, aluBinder(AluOp.Xor)],
  [Mnemonic.Cmp, aluBinder(AluOp.Cmp)],
  [Mnemonic.Test, simple(arith.test)],
  [Mnemonic.Inc, incDecBinder(0)],
  [Mnemonic.Dec, incDecBinder(1)],
  [Mnemonic.Neg, simple(arith.negOp)],
  [Mnemonic.Not, simple(arith.notOp)],
  [Mnemonic.Rol, shiftBinder(ShiftOp.Rol)],
  [Mnemonic.Ror, shiftBinder(ShiftOp.Ror)],
  [Mnemonic.Rcl, shiftBinder(ShiftOp.Rcl)],
  [Mnemonic.Rcr, shiftBinder(ShiftOp.Rcr)],
  [Mnemonic.Shl, shiftBinder(ShiftOp.Shl)],
  [Mnemonic.Sal, shiftBinder(ShiftOp.Sal)],
  [Mnemonic.Shr, shiftBinder(ShiftOp.Shr)],
  [Mnemonic.Sar, shiftBinder(ShiftOp.Sar)],
  [Mnemonic.Mul, simple(arith.mulOne, 0)],
  [
    Mnemonic.Imul,
    (insn, instr) => {
      insn.exec = instr.opCount === 1 ? arith.mulOne : arith.imulMulti
      insn.sub = 1
      return true
    },
  ],
  [Mnemonic.Div, simple(arith.divide, 0)],
  [Mnemonic.Idiv, simple(arith.divide, 1)],
  [Mnemonic.Cbw, simple(arith.signExtendAccumulator, 2)],
  [Mnemonic.Cwde, simple(arith.signExtendAccumulator, 4)],
  [Mnemonic.Cdqe, simple(arith.signExtendAccumulator, 8)],
  [Mnemonic.Cwd, simple(arith.signToDx, 2)],
  [Mnemonic.Cdq, simple(arith.signToDx, 4)],
  [Mnemonic.Cqo, simple(arith.signToDx, 8)],
  [Mnemonic.Cmpxchg, simple(arith.cmpxchg)],
  [Mnemonic.Xadd, simple(arith.xadd)],
  [Mnemonic.Bt, bitTestBinder(0)],
  [Mnemonic.Bts, bitTestBinder(1)],
  [Mnemonic.Btr, bitTestBinder(2)],
  [Mnemonic.Btc, bitTestBinder(3)],
  [Mnemonic.Leave, simple(stack.leave)],
  [Mnemonic.Mov, movBinder],
  [Mnemonic.Movzx, simple(move.movzx)],
  [Mnemonic.Movsx, simple(move.movsx)],
  [Mnemonic.Movsxd, simple(move.movsx)],
  [Mnemonic.Lea, simple(move.lea)],
  [Mnemonic.Xchg, simple(move.xchg)],
  [Mnemonic.Push, stackBinder(stack.push)],
  [Mnemonic.Pop, stackBinder(stack.pop)],
  [Mnemonic.Pushfq, simple(stack.pushf)],
  [Mnemonic.Popfq, simple(stack.popf)],
  [Mnemonic.Jmp, nearBranchBinder(control.jmpRel, control.jmpIndirect)],
  [Mnemonic.Call, nearBranchBinder(control.callRel, control.callIndirect)],
  [Mnemonic.Ret, simple(control.ret)],
  [Mnemonic.Loop, (insn) => (counterSize(insn), (insn.exec = control.loop), (insn.sub = 0), true)],
  [Mnemonic.Loope, (insn) => (counterSize(insn), (insn.exec = control.loop), (insn.sub = 1), true)],
  [Mnemonic.Loopne, (insn) => (counterSize(insn), (insn.exec = control.loop), (insn.sub = 2), true)],
  [Mnemonic.Jrcxz, (insn) => (counterSize(insn), (insn.exec = control.jrcxz), true)],
  [Mnemonic.Jecxz, (insn) => (counterSize(insn), (insn.exec = control.jrcxz), true)],
  [Mnemonic.Movsb, stringBinder(StringOp.Movs, 1)],
  [Mnemonic.Movsw, stringBinder(StringOp.Movs, 2)],
  [Mnemonic.Movsd, stringBinder(StringOp.Movs, 4)],
  [Mnemonic.Movsq, stringBinder(StringOp.Movs, 8)],
  [Mnemonic.Stosb, stringBinder(StringOp.Stos, 1)],
  [Mnemonic.Stosw, stringBinder(StringOp.Stos, 2)],
  [Mnemonic.Stosd, stringBinder(StringOp.Stos, 4)],
  [Mnemonic.Stosq, stringBinder(StringOp.Stos, 8)],
  [Mnemonic.Lodsb, stringBinder(StringOp.Lods, 1)],
  [Mnemonic.Lodsw, stringBinder(StringOp.Lods, 2)],
  [Mnemonic.Lodsd, stringBinder(StringOp.Lods, 4)],
  [Mnemonic.Lodsq, stringBinder(StringOp.Lods, 8)],
  [Mnemonic.Cmpsb, stringBinder(StringOp.Cmps, 1)],
  [Mnemonic.Cmpsw, stringBinder(StringOp.Cmps, 2)],
  [Mnemonic.Cmpsd, stringBinder(StringOp.Cmps, 4)],
  [Mnemonic.Cmpsq, stringBinder(StringOp.Cmps, 8)],
  [Mnemonic.Scasb, stringBinder(StringOp.Scas, 1)],
  [Mnemonic.Scasw, stringBinder(StringOp.Scas, 2)],
  [Mnemonic.Scasd, stringBinder(StringOp.Scas, 4)],
  [Mnemonic.Scasq, stringBinder(StringOp.Scas, 8)],
  [Mnemonic.Insb, stringBinder(StringOp.Ins, 1)],
  [Mnemonic.Insw, stringBinder(StringOp.Ins, 2)],
  [Mnemonic.Insd, stringBinder(StringOp.Ins, 4)],
  [Mnemonic.Outsb, stringBinder(StringOp.Outs, 1)],
  [Mnemonic.Outsw, stringBinder(StringOp.Outs, 2)],
  [Mnemonic.Outsd, stringBinder(StringOp.Outs, 4)],
  [Mnemonic.Clc, simple(system.flagOp, 0)],
  [Mnemonic.Stc, simple(system.flagOp, 1)],
  [Mnemonic.Cmc, simple(system.flagOp, 2)],
  [Mnemonic.Cld, simple(system.flagOp, 3)],
  [Mnemonic.Std, simple(system.flagOp, 4)],
  [Mnemonic.Cli, simple(system.cli)],
  [
    Mnemonic.Sti,
    (insn) => {
      insn.exec = system.sti
      insn.setsShadow = 'sti'
      return true
    },
  ],
  [Mnemonic.Hlt, (insn) => ((insn.exec = system.hlt), (insn.intercept = Intercept.Hlt), true)],
  [Mnemonic.Nop, simple(system.nop)],
  [Mnemonic.Pause, simple(system.nop)],
  [Mnemonic.Lfence, simple(system.nop)],
  [Mnemonic.Mfence, simple(system.nop)],
  [Mnemonic.Sfence, simple(system.nop)],
  [Mnemonic.Int3, simple(system.int3)],
  [Mnemonic.Int1, simple(system.icebp)],
  [Mnemonic.Int, simple(system.intN)],
  [Mnemonic.Iretq, simple(system.iretq)],
  [Mnemonic.Ud2, simple(system.ud2)],
  [Mnemonic.Cpuid, (insn) => ((insn.exec = system.cpuid), (insn.intercept = Intercept.Cpuid), true)],
  [Mnemonic.Rdmsr, (insn) => ((insn.exec = system.rdmsr), (insn.intercept = Intercept.Rdmsr), true)],
  [Mnemonic.Wrmsr, (insn) => ((insn.exec = system.wrmsr), (insn.intercept = Intercept.Wrmsr), true)],
  [Mnemonic.In, (insn) => ((insn.exec = system.inOut), (insn.sub = 0), (insn.intercept = Intercept.Io), true)],
  [Mnemonic.Out, (insn) => ((insn.exec = system.inOut), (insn.sub = 1), (insn.intercept = Intercept.Io), true)],
  [Mnemonic.Shld, simple(doubleShift, 0)],
  [Mnemonic.Shrd, simple(doubleShift, 1)],
  [Mnemonic.Bswap, simple(bswap)],
  [Mnemonic.Xlatb, xlatBinder],
  [Mnemonic.Lahf, simple(lahf)],
  [Mnemonic.Sahf, simple(sahf)],
  [Mnemonic.Rdtsc, simple(rdtsc, 0)],
  [Mnemonic.Rdtscp, simple(rdtsc, 1)],
  [Mnemonic.Syscall, (insn) => ((insn.exec = syscall), (insn.tfAtEnd = true), true)],
  [Mnemonic.Swapgs, simple(swapgs)],
  [Mnemonic.Lgdt, simple(system.loadTableRegister, 0)],
  [Mnemonic.Lidt, simple(system.loadTableRegister, 1)],
  [Mnemonic.Ltr, simple(system.ltr)],
])

const conditionalJumps = ['Jo', 'Jno', 'Jb', 'Jae', 'Je', 'Jne', 'Jbe', 'Ja', 'Js', 'Jns', 'Jp', 'Jnp', 'Jl', 'Jge', 'Jle', 'Jg'] as const
const MnemonicByName = Mnemonic as unknown as Record<string, Mnemonic>
for (const name of conditionalJumps) {
  table.set(MnemonicByName[name], (insn, instr) => ((insn.exec = JCC[instr.conditionCode]), (insn.sub = instr.conditionCode), true))
  table.set(MnemonicByName[`Set${name.slice(1)}`], conditional(arith.setcc))
  table.set(MnemonicByName[`Cmov${name.slice(1)}`], conditional(arith.cmovcc))
}

export function binderFor(mnemonic: Mnemonic): Binder | undefined {
  return table.get(mnemonic)
}
