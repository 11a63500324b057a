import type { DecodedInsn } from '../cpu/seam'
import { X86EMUL_CONTINUE, X86EMUL_UNHANDLEABLE } from './emulate-ctxt'
import type { X86Intercept, X86InterceptStage } from './emulate-intercept'
import type { KvmVcpu } from './vcpu'

/**
 * vmx.c: vmx_check_intercept() — only a few intercepts are handled (PAUSE-as-NOP, I/O against L1's
 * controls); the default, which includes dr_read/dr_write, is X86EMUL_UNHANDLEABLE, so KVM never
 * emulates MOV DR for L2 on VMX (docs/reference/kvm-db-semantics.md §2.6, S14). The built-in L1 enables neither PAUSE nor I/O exiting.
 */
export function vmx_check_intercept(_vcpu: KvmVcpu, intercept: X86Intercept, _insn: DecodedInsn, _stage: X86InterceptStage): number {
  // A plain NOP shares PAUSE's opcode entry; a real PAUSE is checked against L1's PAUSE exiting (off).
  if (intercept === 'pause' || intercept === 'in' || intercept === 'out') return X86EMUL_CONTINUE
  return X86EMUL_UNHANDLEABLE
}

/**
 * svm.c: svm_check_intercept() — maps the intercept to L1's vmcb12 instruction intercepts (dr_read /
 * dr_write at POST_EXCEPT, after the GD check). The built-in L1 intercepts only exceptions.
 */
export function svm_check_intercept(_vcpu: KvmVcpu, _intercept: X86Intercept, _insn: DecodedInsn, _stage: X86InterceptStage): number {
  return X86EMUL_CONTINUE
}
