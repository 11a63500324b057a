import { Instruction, OpCodeOperandKind as K, OpKind, Register } from 'iced-x86'
import type { OpcodeForm } from './opcode-table'

/** An operand after evaluation, in Intel order, ready to hand to iced. */
export type ResolvedOperand =
  | { kind: 'register'; register: Register }
  | { kind: 'immediate'; value: bigint }
  | { kind: 'branch'; target: bigint }
  | {
      kind: 'memory'
      base: Register
      index: Register
      scale: number
      /** Absolute target for %rip-relative operands, otherwise the displacement. */
      displacement: bigint
      /** 0 = none, 1 = disp8 allowed, 4 = force disp32, 8 = 64-bit moffs. */
      displacementSize: number
      segment: Register
      /** %rip-relative with a numeric offset from the next instruction (displacement is then the target). */
      ripOffset?: boolean
    }

export interface Prefixes {
  lock: boolean
  repe: boolean
  repne: boolean
}

const immediateKinds: Partial<Record<K, OpKind>> = {
  [K.imm8]: OpKind.Immediate8,
  [K.imm8_const_1]: OpKind.Immediate8,
  [K.imm8sex16]: OpKind.Immediate8to16,
  [K.imm8sex32]: OpKind.Immediate8to32,
  [K.imm8sex64]: OpKind.Immediate8to64,
  [K.imm16]: OpKind.Immediate16,
  [K.imm32]: OpKind.Immediate32,
  [K.imm32sex64]: OpKind.Immediate32to64,
  [K.imm64]: OpKind.Immediate64,
}

const implicitRegisters: Partial<Record<K, Register>> = {
  [K.al]: Register.AL, [K.ax]: Register.AX, [K.eax]: Register.EAX, [K.rax]: Register.RAX, [K.dx]: Register.DX,
}

const implicitMemory: Partial<Record<K, OpKind>> = {
  [K.seg_rSI]: OpKind.MemorySegRSI,
  [K.es_rDI]: OpKind.MemoryESRDI,
  [K.seg_rDI]: OpKind.MemorySegRDI,
}

function setOperand(instruction: Instruction, index: number, kind: K, operand: ResolvedOperand, immediateIndex: number): void {
  switch (operand.kind) {
    case 'register':
      instruction.setOpKind(index, OpKind.Register)
      instruction.setOpRegister(index, operand.register)
      return
    case 'branch':
      instruction.setOpKind(index, OpKind.NearBranch64)
      instruction.nearBranch64 = BigInt.asUintN(64, operand.target)
      return
    case 'immediate': {
      const opKind = immediateIndex > 0 && kind === K.imm8 ? OpKind.Immediate8_2nd : immediateKinds[kind]!
      instruction.setOpKind(index, opKind)
      if (opKind === OpKind.Immediate8_2nd) instruction.immediate8_2nd = Number(BigInt.asUintN(8, operand.value))
      else instruction.setImmediateU64(index, BigInt.asUintN(64, operand.value))
      return
    }
    case 'memory':
      instruction.setOpKind(index, OpKind.Memory)
      instruction.memoryBase = operand.base
      instruction.memoryIndex = operand.index
      instruction.memoryIndexScale = operand.scale
      instruction.memoryDisplSize = operand.displacementSize
      instruction.memoryDisplacement = BigInt.asUintN(64, operand.displacement)
      instruction.segmentPrefix = operand.segment
      return
  }
}

/** Builds the iced Instruction for one form; the caller frees it. */
export function buildInstruction(form: OpcodeForm, operands: ResolvedOperand[], prefixes: Prefixes): Instruction {
  const instruction = Instruction.create(form.code)
  if (form.implicitOperands) {
    form.allOperands.forEach((kind, i) => {
      const written = operands[i]
      // Only the source string operand may take a segment override (`movsb %fs:(%rsi),(%rdi)`).
      if (kind === K.seg_rSI && written?.kind === 'memory' && written.segment !== Register.None) instruction.segmentPrefix = written.segment
      const memory = implicitMemory[kind]
      if (memory !== undefined) instruction.setOpKind(i, memory)
      else if (kind === K.seg_rBX_al) {
        instruction.setOpKind(i, OpKind.Memory)
        instruction.memoryBase = Register.RBX
        instruction.memoryIndex = Register.AL
      } else {
        instruction.setOpKind(i, OpKind.Register)
        instruction.setOpRegister(i, implicitRegisters[kind] ?? Register.None)
      }
    })
  } else {
    let immediates = 0
    form.operands.forEach((kind, i) => {
      setOperand(instruction, i, kind, operands[i], immediates)
      if (operands[i].kind === 'immediate') immediates++
    })
  }
  instruction.hasLockPrefix = prefixes.lock
  if (prefixes.repe) instruction.hasRepePrefix = true
  if (prefixes.repne) instruction.hasRepnePrefix = true
  return instruction
}
