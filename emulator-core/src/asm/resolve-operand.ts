import { OpCodeOperandKind as K, Register } from 'iced-x86'
import type { ResolvedOperand } from './build-instruction'
import { type EvaluatedOperand, branchKinds, isKnownNumber } from './operand-match'
import { StatementError } from './types'

function displacementValue(evaluated: EvaluatedOperand, column: number): bigint {
  const v = evaluated.value?.value ?? 0n
  if (v < -0x80000000n || v > 0x7fffffffn) {
    throw new StatementError(`0x${BigInt.asUintN(64, v).toString(16)} is out of range of a signed 32-bit displacement`, column)
  }
  return v
}

export function resolveOperand(kind: K, evaluated: EvaluatedOperand): ResolvedOperand {
  const { operand, value } = evaluated
  if (branchKinds.has(kind)) return { kind: 'branch', target: value?.value ?? 0n }
  switch (operand.kind) {
    case 'register':
      return { kind: 'register', register: operand.info.register }
    case 'immediate':
      return { kind: 'immediate', value: value!.value }
    case 'memory': {
      const written = operand.segment?.register ?? Register.None
      const base = operand.base?.register ?? Register.None
      // GAS omits an override that names the default segment (%ss for %rbp/%rsp bases, %ds otherwise).
      const defaultSegment = base === Register.RBP || base === Register.RSP || base === Register.EBP || base === Register.ESP ? Register.SS : Register.DS
      const segment = written === defaultSegment ? Register.None : written
      if (kind === K.mem_offs) {
        return { kind: 'memory', base: Register.None, index: Register.None, scale: 1, displacement: value?.value ?? 0n, displacementSize: 8, segment }
      }
      if (base === Register.RIP) {
        // GAS: `sym(%rip)` addresses sym; a plain number `0x10(%rip)` is an offset from the next instruction.
        const isOffset = !value || value.labels === 0
        return {
          kind: 'memory', base, index: Register.None, scale: 1, displacement: value?.value ?? 0n, displacementSize: 8, segment,
          ripOffset: isOffset,
        }
      }
      const displacement = displacementValue(evaluated, operand.column)
      const settled = value ? isKnownNumber(value) : true
      const hasDisplacement = operand.displacement !== undefined
      // GAS drops a known zero displacement (`0x0(%rax)` is `(%rax)`); iced adds the disp8 %rbp/%r13 need.
      // Not known yet (a forward .equ, a label): disp32, as GAS leaves room for it. iced spells disp32 as the
      // address size (8 with 64-bit registers, 4 with 32-bit ones).
      const wide = operand.base?.bits === 32 || operand.index?.bits === 32 ? 4 : 8
      const displacementSize = !hasDisplacement || (settled && displacement === 0n) ? 0 : settled ? 1 : wide
      return {
        kind: 'memory',
        base,
        index: operand.index?.register ?? Register.None,
        scale: operand.scale,
        displacement,
        // iced reads a base-less disp32 with displSize 4 as 32-bit addressing (0x67); 8 keeps 64-bit.
        displacementSize: base === Register.None ? 8 : displacementSize,
        segment,
      }
    }
  }
}
