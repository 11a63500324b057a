import type { ExceptionExit, MovDrExit, DecodedInsn } from '../cpu/seam'
import type { EmulateCtxt } from './emulate-ctxt'
import type { X86Intercept, X86InterceptStage } from './emulate-intercept'
import type { EmulatorOps } from './emulator-ops'
import type { KvmVcpu, QueuedException } from './vcpu'
import type { MultipleException } from './x86-exception-queue'

/**
 * The table of modelled kernel functions. Every KVM-side call goes through `vcpu.fn`, so a build
 * (base + patch stack) replaces exactly the functions a patch changed. Names are the kernel's.
 */
export interface KvmFunctions {
  // x86.c: exception queue and payload
  kvm_multiple_exception: MultipleException
  kvm_queue_exception(vcpu: KvmVcpu, nr: number): void
  kvm_queue_exception_e(vcpu: KvmVcpu, nr: number, errorCode: number): void
  kvm_queue_exception_p(vcpu: KvmVcpu, nr: number, payload: bigint): void
  kvm_deliver_exception_payload(vcpu: KvmVcpu, ex: QueuedException): void
  kvm_handle_exception_payload_quirk(vcpu: KvmVcpu): void
  // x86.c: debug registers
  kvm_set_dr(vcpu: KvmVcpu, dr: number, value: bigint): number
  kvm_get_dr(vcpu: KvmVcpu, dr: number): bigint
  kvm_update_dr7(vcpu: KvmVcpu): void
  kvm_update_dr0123(vcpu: KvmVcpu): void
  // x86.c: instruction emulation
  handle_ud(vcpu: KvmVcpu): number
  x86_emulate_instruction(vcpu: KvmVcpu, emulationType: number): number
  kvm_vcpu_check_code_breakpoint(vcpu: KvmVcpu, emulationType: number): number | undefined
  kvm_is_code_breakpoint_inhibited(vcpu: KvmVcpu): boolean
  inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number
  kvm_inject_emulated_db(vcpu: KvmVcpu, dr6: bigint): number
  /** Removed by v3-07 (a1e7aeb1be11): callers then call kvm_inject_emulated_db(vcpu, DR6_BS). */
  kvm_vcpu_do_singlestep?: (vcpu: KvmVcpu) => number
  kvm_skip_emulated_instruction(vcpu: KvmVcpu, length: number): number
  handle_emulation_failure(vcpu: KvmVcpu, emulationType: number): number
  kvm_check_and_inject_events(vcpu: KvmVcpu): void
  // emulate.c
  x86_emulate_insn(ctxt: EmulateCtxt, ops: EmulatorOps, checkIntercepts: boolean): number
  check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number
  check_dr_write(ctxt: EmulateCtxt, ops: EmulatorOps): number
  // vmx.c
  vmx_inject_exception(vcpu: KvmVcpu): void
  handle_exception_nmi_db(vcpu: KvmVcpu, exit: ExceptionExit): number
  handle_dr(vcpu: KvmVcpu, exit: MovDrExit): number
  vmx_check_intercept(vcpu: KvmVcpu, intercept: X86Intercept, insn: DecodedInsn, stage: X86InterceptStage): number
  // svm.c
  svm_inject_exception(vcpu: KvmVcpu): void
  db_interception(vcpu: KvmVcpu, exit: ExceptionExit): number
  dr_interception(vcpu: KvmVcpu, exit: MovDrExit): number
  svm_check_intercept(vcpu: KvmVcpu, intercept: X86Intercept, insn: DecodedInsn, stage: X86InterceptStage): number
}

/** The names of the overridable functions (for `patchlab builds` and patch validation). */
export type KvmFunctionName = keyof KvmFunctions
