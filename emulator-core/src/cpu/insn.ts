/**
 * The decode cache's entries: one iced-x86 decode turned into a compact record with a handler and
 * the pre-decoded operands it needs, so executing a cached instruction never calls into iced again.
 */
import { Code, Decoder, DecoderError, DecoderOptions, Instruction, MemorySize, Mnemonic, OpKind, Register } from 'iced-x86'
import type { DecodedInsn, DecodedOperand, InterruptShadow } from './seam'
import type { Machine } from './machine'
import { formatGasAt } from './disasm'
import { hex, type Hex } from '../types/hex'
import { sizeMask } from './alu'
import { NO_REG, Operand, OperandType, gprOf, segOf } from './operand'

/** Executes one decoded instruction's semantics on the machine (throws GuestFault on an exception). */
export type Handler = (m: Machine, i: Insn) => void

/** Which hypervisor instruction intercept can apply to an instruction. */
export const enum Intercept {
  None,
  Cpuid,
  Hlt,
  Rdmsr,
  Wrmsr,
  Io,
  MovDr,
}

export class Insn implements DecodedInsn {
  readonly address: bigint
  /** `address` as a number (guest code lives below MAX_MEMORY). */
  readonly addr: number
  readonly length: number
  /** Address of the next instruction. */
  readonly next: number
  readonly code: Code
  readonly mnemonic: Mnemonic
  readonly operands: DecodedOperand[] = []
  readonly lock: boolean
  readonly rep: boolean
  readonly repne: boolean
  readonly privileged: boolean
  movDr?: { dr: number; gpr: number; direction: 'to-dr' | 'from-dr' }
  setsShadow: InterruptShadow = 'none'
  /** The single-step trap depends on TF at the end of the instruction, not at its start (SYSCALL). */
  tfAtEnd = false
  unsupported = false
  /** Operation size in bytes (of the destination, or of the defining operand). */
  size = 0
  /** 32-bit address size (0x67) of an instruction with implicit memory operands (string instructions, XLAT). */
  addr32 = false
  readonly op0 = new Operand()
  readonly op1 = new Operand()
  readonly op2 = new Operand()
  /** Handler-specific selector: ALU/shift operation, condition code, vector of INT n, ... */
  sub = 0
  /** Near-branch target (number), for JMP/Jcc/CALL/LOOP/JRCXZ. */
  target = 0
  /** The near-branch target is canonical (else the branch raises #GP(0)). */
  targetCanonical = true
  exec: Handler
  intercept: Intercept = Intercept.None
  /** The instruction's bytes (kept to format the text lazily). */
  readonly bytes: Uint8Array
  private textCache: string | undefined
  private addressHexCache: Hex | undefined

  constructor(instr: Instruction, bytes: Uint8Array, exec: Handler) {
    this.address = instr.ip
    this.addr = Number(instr.ip)
    this.length = instr.length
    this.next = this.addr + this.length
    this.code = instr.code
    this.mnemonic = instr.mnemonic
    this.lock = instr.hasLockPrefix
    this.rep = instr.hasRepPrefix || instr.hasRepePrefix
    this.repne = instr.hasRepnePrefix
    this.privileged = instr.isPrivileged
    this.bytes = bytes
    this.exec = exec
  }

  get text(): string {
    this.textCache ??= formatGasAt(this.bytes, this.address)
    return this.textCache
  }

  get addressHex(): Hex {
    this.addressHexCache ??= hex(this.address)
    return this.addressHexCache
  }
}

const MEMORY_SIZES: Record<string, number> = {
  UInt8: 1, Int8: 1, UInt16: 2, Int16: 2, WordOffset: 2, UInt32: 4, Int32: 4, DwordOffset: 4, UInt64: 8, Int64: 8, QwordOffset: 8,
}

/** Access size of iced's memory-size enum value, 0 when it is not a plain integer. */
function memorySizeBytes(instr: Instruction): number {
  return MEMORY_SIZES[MemorySizeName[instr.memorySize] ?? ''] ?? 0
}

const MemorySizeName = MemorySize as unknown as Record<number, string>

/** Fills `o` from iced operand `n`; returns false for operand kinds the CPU does not model. */
function fillOperand(o: Operand, instr: Instruction, n: number): boolean {
  const kind = instr.opKind(n)
  switch (kind) {
    case OpKind.Register: {
      const reg = instr.opRegister(n)
      const gpr = gprOf(reg)
      if (gpr) {
        o.type = OperandType.Gpr
        o.reg = gpr.index
        o.size = gpr.size
        o.high8 = gpr.high8
        return true
      }
      const seg = segOf(reg)
      if (seg !== undefined) {
        o.type = OperandType.Seg
        o.reg = seg
        o.size = 2
        return true
      }
      if (reg >= Register.CR0 && reg <= Register.CR15) {
        o.type = OperandType.Cr
        o.reg = reg - Register.CR0
        o.size = 8
        return true
      }
      if (reg >= Register.DR0 && reg <= Register.DR15) {
        o.type = OperandType.Dr
        o.reg = reg - Register.DR0
        o.size = 8
        return true
      }
      return false
    }
    case OpKind.Immediate8:
    case OpKind.Immediate8_2nd:
    case OpKind.Immediate16:
    case OpKind.Immediate32:
    case OpKind.Immediate64:
    case OpKind.Immediate8to16:
    case OpKind.Immediate8to32:
    case OpKind.Immediate8to64:
    case OpKind.Immediate32to64: {
      const v = instr.immediate(n)
      o.type = OperandType.Imm
      o.immLo = Number(v & 0xffffffffn)
      o.immHi = Number((v >> 32n) & 0xffffffffn)
      o.size = kind === OpKind.Immediate8 || kind === OpKind.Immediate8_2nd ? 1 : kind === OpKind.Immediate16 || kind === OpKind.Immediate8to16 ? 2 : kind === OpKind.Immediate32 || kind === OpKind.Immediate8to32 ? 4 : 8
      return true
    }
    case OpKind.Memory: {
      o.type = OperandType.Mem
      o.size = memorySizeBytes(instr)
      const base = instr.memoryBase
      const disp = instr.memoryDisplacementU64
      o.dispLo = Number(disp & 0xffffffffn)
      o.dispHi = Number(disp >> 32n)
      o.base = NO_REG
      o.index = NO_REG
      if (base === Register.RIP || base === Register.EIP) {
        // iced resolves RIP-relative displacements to the absolute target.
        o.addr32 = base === Register.EIP
      } else if (base !== Register.None) {
        const g = gprOf(base)
        if (!g) return false
        o.base = g.index
        o.addr32 = g.size === 4
      }
      const index = instr.memoryIndex
      if (index !== Register.None) {
        const g = gprOf(index)
        if (!g) return false
        o.index = g.index
        o.scale = instr.memoryIndexScale
        o.addr32 = g.size === 4
      }
      if (o.addr32) o.dispHi = 0
      return true
    }
    case OpKind.NearBranch16:
    case OpKind.NearBranch32:
    case OpKind.NearBranch64:
      return true
    default:
      // String-instruction operands ([rsi]/[rdi]) are implied by the handler.
      return kind >= OpKind.MemorySegSI && kind <= OpKind.MemoryESRDI
  }
}

/** How a mnemonic binds its handler: sets `exec` and any fields it needs; false when unsupported. */
export type Binder = (insn: Insn, instr: Instruction) => boolean

/**
 * Decodes the instruction at `address` from `bytes` (up to 15 bytes starting there). Returns
 * undefined when guest memory ends before the instruction does (the fetch faults).
 */
export function decodeInsn(bytes: Uint8Array, address: number, bind: (mnemonic: Mnemonic) => Binder | undefined, unsupported: Handler): Insn | undefined {
  const decoder = new Decoder(64, bytes, DecoderOptions.None)
  decoder.ip = BigInt(address)
  const instr = decoder.decode()
  try {
    if (decoder.lastError === DecoderError.NoMoreBytes) return undefined
    const insn = new Insn(instr, bytes.slice(0, instr.length), unsupported)
    let ok = !instr.isInvalid
    for (let n = 0; n < instr.opCount && n < 4; n++) {
      insn.operands.push(instr.opKind(n) === OpKind.Register ? { kind: OpKind.Register, register: instr.opRegister(n) } : { kind: instr.opKind(n) })
      const target = n === 0 ? insn.op0 : n === 1 ? insn.op1 : n === 2 ? insn.op2 : undefined
      if (target && !fillOperand(target, instr, n)) ok = false
    }
    insn.size = insn.op0.size || insn.op1.size
    for (const o of [insn.op0, insn.op1, insn.op2]) {
      // iced sign-extends immediates to 64 bits; keep only the operation's width.
      if (o.type === OperandType.Imm && insn.size < 8) {
        o.immLo = (o.immLo & sizeMask(insn.size)) >>> 0
        o.immHi = 0
      }
    }
    if (instr.opCount > 0 && (instr.opKind(0) === OpKind.NearBranch64 || instr.opKind(0) === OpKind.NearBranch32 || instr.opKind(0) === OpKind.NearBranch16)) {
      const t = instr.nearBranchTarget
      insn.target = Number(t)
      const top = t >> 47n
      insn.targetCanonical = top === 0n || top === 0x1ffffn
    }
    const binder = ok ? bind(instr.mnemonic) : undefined
    if (!binder || !binder(insn, instr)) {
      insn.unsupported = true
      insn.exec = unsupported
    }
    return insn
  } finally {
    instr.free()
    decoder.free()
  }
}
