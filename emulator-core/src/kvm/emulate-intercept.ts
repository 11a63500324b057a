import { Mnemonic } from 'iced-x86'
import type { DecodedInsn } from '../cpu/seam'

/** kvm_emulate.h: enum x86_intercept — the instructions whose opcode-table entry carries `Intercept`. */
export type X86Intercept =
  | 'pause' | 'hlt' | 'cpuid' | 'rdmsr' | 'wrmsr' | 'in' | 'out' | 'dr_read' | 'dr_write' | 'iret'
  | 'popf' | 'pushf' | 'intn' | 'int3' | 'icebp' | 'rdtsc'

/** kvm_emulate.h: enum x86_intercept_stage. */
export type X86InterceptStage = 'PRE_EXCEPT' | 'POST_EXCEPT' | 'POST_MEMACCESS'

/** emulate.c opcode tables: which `x86_intercept_*` an instruction has (undefined: no Intercept flag). */
export function emulatorIntercept(insn: DecodedInsn): X86Intercept | undefined {
  if (insn.movDr) return insn.movDr.direction === 'to-dr' ? 'dr_write' : 'dr_read'
  switch (insn.mnemonic) {
    case Mnemonic.Nop: case Mnemonic.Pause: return 'pause'
    case Mnemonic.Hlt: return 'hlt'
    case Mnemonic.Cpuid: return 'cpuid'
    case Mnemonic.Rdmsr: return 'rdmsr'
    case Mnemonic.Wrmsr: return 'wrmsr'
    case Mnemonic.In: case Mnemonic.Insb: case Mnemonic.Insw: case Mnemonic.Insd: return 'in'
    case Mnemonic.Out: case Mnemonic.Outsb: case Mnemonic.Outsw: case Mnemonic.Outsd: return 'out'
    case Mnemonic.Iret: case Mnemonic.Iretd: case Mnemonic.Iretq: return 'iret'
    case Mnemonic.Popf: case Mnemonic.Popfq: return 'popf'
    case Mnemonic.Pushf: case Mnemonic.Pushfq: return 'pushf'
    case Mnemonic.Int: return 'intn'
    case Mnemonic.Int3: return 'int3'
    case Mnemonic.Int1: return 'icebp'
    case Mnemonic.Rdtsc: return 'rdtsc'
    default: return undefined
  }
}
