import type { DecodedInsn } from '../cpu/seam'

/**
 * kvm_emulate.h: struct x86_exception. `payload` stands for the POST union {address, dr6, payload};
 * `payload_valid` exists only in the v2-02-review build (Sean's requested flag, never merged).
 */
export interface X86Exception {
  vector: number
  error_code_valid: boolean
  error_code: number
  payload: bigint
  payload_valid: boolean
}

/** kvm_emulate.h: struct x86_emulate_ctxt (the fields the #DB paths use). */
export interface EmulateCtxt {
  /** RFLAGS at emulation start (kvm_get_rflags(): hides KVM's host single-step TF); updated by the insn. */
  eflags: bigint
  /** ctxt->tf: guest TF when emulation started. */
  tf: boolean
  /** ctxt->eip: RIP after the instruction, written back by x86_emulate_instruction(). */
  eip: bigint
  /** ctxt->interruptibility: the shadow the instruction sets (KVM_X86_SHADOW_INT_*). */
  interruptibility: number
  have_exception: boolean
  exception: X86Exception
  /** The decoded instruction (the CPU model's decode cache entry). */
  insn?: DecodedInsn
  /** Instruction needs userspace to finish (emulated PIO) or halted the vCPU. */
  pio?: { port: number; direction: 'in' | 'out' }
  /** INS: elements read ahead by this exit; the registers are written only when they are consumed (complete_emulated_pio()). */
  pio_read_ahead: number
  halted: boolean
}

/** x86_emulate_insn() results. */
export const EMULATION_OK = 0
export const EMULATION_FAILED = -1
export const EMULATION_INTERCEPTED = 2

/** Emulator-internal return codes (X86EMUL_*). */
export const X86EMUL_CONTINUE = 0
export const X86EMUL_UNHANDLEABLE = 1
export const X86EMUL_PROPAGATE_FAULT = 2
export const X86EMUL_INTERCEPTED = 6

/** Emulation types (EMULTYPE_*). */
export const EMULTYPE_NO_DECODE = 1 << 0
export const EMULTYPE_TRAP_UD = 1 << 1
export const EMULTYPE_SKIP = 1 << 2
export const EMULTYPE_VMWARE_GP = 1 << 5
export const EMULTYPE_PF = 1 << 6
export const EMULTYPE_TRAP_UD_FORCED = 1 << 4

// emulate.c: emulate_exception()
export function emulate_exception(ctxt: EmulateCtxt, vector: number, errorCode: number, valid: boolean): number {
  ctxt.exception.vector = vector
  ctxt.exception.error_code = errorCode
  ctxt.exception.error_code_valid = valid
  return X86EMUL_PROPAGATE_FAULT
}
