import type { ExceptionExit, MovDrExit } from '../cpu/seam'
import {
  BP_VECTOR, DB_VECTOR, DEBUGCTLMSR_BTF, DR6_ACTIVE_LOW, DR6_BD, DR6_BS, DR6_RESERVED, DR7_GD, GP_VECTOR,
  KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_HW_BP, OF_VECTOR, UD_VECTOR, VMX_ENTRY_FAIL_INVALID_GUEST_STATE, X86_CR4_DE,
  X86_EFLAGS_TF,
} from './constants'
import { shadowFromUapi, shadowToUapi } from './interrupt-shadow'
import { guestOwnsDebugRegsOrAccess, takeBackDebugRegs } from './mov-dr-exit'
import type { KvmVcpu } from './vcpu'
import { kvm_get_linear_rip } from './x86-rflags'

/** The VM-entry event for a queued exception (#BP/#OF as software exceptions). */
export function exceptionEntryEvent(vcpu: KvmVcpu): NonNullable<KvmVcpu['entry_event']> {
  const ex = vcpu.exception
  const soft = ex.vector === BP_VECTOR || ex.vector === OF_VECTOR
  return {
    type: soft ? 'sw-exception' : 'hw-exception',
    vector: ex.vector,
    ...(ex.has_error_code ? { errorCode: ex.error_code } : {}),
    ...(soft ? { instructionLength: vcpu.event_exit_inst_len } : {}),
  }
}

/**
 * Where a build refreshes GUEST_PENDING_DBG_EXCEPTIONS.BS for a #DB taken with TF=1 in an STI/MOV-SS
 * shadow (the CPU does not set it on a #DB-intercept VM exit; the VM-entry check demands it): PRE in
 * handle_exception_nmi()'s #DB branch, v3-01 (c5bad4fa2d5d) in vmx_inject_exception() for every #DB.
 */
export type PendingDbgBsSite = 'db-intercept' | 'injection'

/** vmx.c: vmx_inject_exception() — deliver the payload, (v3-01) refresh BS for a #DB, write VM_ENTRY_INTR_INFO. */
export function vmxInjectException(vcpu: KvmVcpu, bsSite: PendingDbgBsSite): void {
  const ex = vcpu.exception
  vcpu.fn.kvm_deliver_exception_payload(vcpu, ex)
  if (bsSite === 'injection' && ex.vector === DB_VECTOR && singleStepInShadow(vcpu)) setPendingDbgBs(vcpu)
  vcpu.entry_event = exceptionEntryEvent(vcpu)
}

/** vmx.c: vmx_inject_exception() — PRE form: no BS refresh here. */
export function vmx_inject_exception(vcpu: KvmVcpu): void {
  vmxInjectException(vcpu, 'db-intercept')
}

/** vmx.c: vmx_get_interrupt_shadow() — GUEST_INTERRUPTIBILITY_INFO keeps STI and MOV-SS blocking apart. */
export function vmx_get_interrupt_shadow(vcpu: KvmVcpu): number {
  return shadowToUapi(vcpu.cpu.getInterruptShadow())
}

/** vmx.c: vmx_set_interrupt_shadow() */
export function vmx_set_interrupt_shadow(vcpu: KvmVcpu, mask: number): void {
  vcpu.cpu.setInterruptShadow(shadowFromUapi(mask))
}

/** Whether the guest is in an STI or MOV-SS interrupt shadow with RFLAGS.TF set. */
function singleStepInShadow(vcpu: KvmVcpu): boolean {
  return (vcpu.cpu.getRflags() & X86_EFLAGS_TF) !== 0n && vcpu.cpu.getInterruptShadow() !== 'none'
}

function setPendingDbgBs(vcpu: KvmVcpu): void {
  vcpu.cpu.setPendingDebugExceptions(vcpu.cpu.getPendingDebugExceptions() | DR6_BS)
}

/**
 * vmx.c: handle_exception_nmi(), DB_VECTOR branch — without host SINGLESTEP/USE_HW_BP, skip ICEBP or
 * (PRE, before c5bad4fa2d5d) refresh PENDING_DBG.BS, then queue #DB with the exit qualification as
 * payload; with them, KVM_EXIT_DEBUG.
 */
export function handleExceptionNmiDb(vcpu: KvmVcpu, exit: ExceptionExit, bsSite: PendingDbgBsSite): number {
  const dr6 = exit.dr6Bits ?? 0n
  if (!(vcpu.guest_debug & (KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_HW_BP))) {
    if (exit.icebp) vmxSkipIcebp(vcpu, exit)
    else if (bsSite === 'db-intercept' && singleStepInShadow(vcpu)) setPendingDbgBs(vcpu)
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, dr6)
    return 1
  }
  vmxExitDebug(vcpu, dr6, 'handle_exception_nmi')
  return 0
}

/** vmx.c: handle_exception_nmi(), DB_VECTOR branch — PRE form. */
export function handle_exception_nmi_db(vcpu: KvmVcpu, exit: ExceptionExit): number {
  return handleExceptionNmiDb(vcpu, exit, 'db-intercept')
}

/** vmx.c: skip_emulated_instruction() for ICEBP (the inner skip: no single-step, but STI/MOV-SS blocking cleared). */
function vmxSkipIcebp(vcpu: KvmVcpu, exit: ExceptionExit): void {
  vcpu.cpu.setRip(vcpu.cpu.getRip() + BigInt(exit.instructionLength ?? 1))
  vcpu.cpu.setInterruptShadow('none')
}

function vmxExitDebug(vcpu: KvmVcpu, dr6: bigint, by: string): void {
  vcpu.run.exit_reason = 'DEBUG'
  vcpu.run.debug.dr6 = dr6 | DR6_ACTIVE_LOW
  vcpu.run.debug.dr7 = vcpu.hw_dr7
  vcpu.run.debug.pc = kvm_get_linear_rip(vcpu)
  vcpu.run.debug.exception = DB_VECTOR
  vcpu.run.by = by
}

/**
 * vmx.c: handle_dr() — untouched by the series: GD from GUEST_DR7 (= effective DR7) exits to userspace
 * under USE_HW_BP or queues #DB(BD); without guest_debug the guest gets the DRs (WONT_EXIT) and
 * re-executes; otherwise KVM performs the access and skips.
 */
export function handle_dr(vcpu: KvmVcpu, exit: MovDrExit): number {
  // x86.c: kvm_require_dr()
  if (vcpu.cpu.getCr(4) & X86_CR4_DE && (exit.dr === 4 || exit.dr === 5)) {
    vcpu.fn.kvm_queue_exception(vcpu, UD_VECTOR)
    return 1
  }
  // x86.c: kvm_require_cpl()
  if (vcpu.cpu.getCpl() > 0) {
    vcpu.fn.kvm_queue_exception_e(vcpu, GP_VECTOR, 0)
    return 1
  }
  const dr7 = vcpu.hw_dr7
  if (dr7 & DR7_GD) {
    // The MOV-DR VM exit takes precedence over the GD #DB, so KVM emulates the latter.
    if (vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP) {
      vcpu.run.exit_reason = 'DEBUG'
      vcpu.run.debug.dr6 = DR6_BD | DR6_ACTIVE_LOW
      vcpu.run.debug.dr7 = dr7
      vcpu.run.debug.pc = kvm_get_linear_rip(vcpu)
      vcpu.run.debug.exception = DB_VECTOR
      vcpu.run.by = 'handle_dr'
      return 0
    }
    vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, DR6_BD)
    return 1
  }
  return guestOwnsDebugRegsOrAccess(vcpu, exit)
}

/** vmx.c: vmx_sync_dirty_debug_regs() — take the guest-owned DRs back and resume MOV-DR exiting. */
export function vmx_sync_dirty_debug_regs(vcpu: KvmVcpu): void {
  takeBackDebugRegs(vcpu)
  vcpu.cpu.setDr(6, DR6_RESERVED)
}

/** x86.c: vcpu_enter_guest() — load eff_db[], DR6 and GUEST_DR7 into the hardware before VM entry (VMX). */
export function vmx_load_debug_regs(vcpu: KvmVcpu): void {
  for (let i = 0; i < 4; i++) vcpu.cpu.setDr(i, vcpu.eff_db[i])
  vcpu.cpu.setDr(6, vcpu.dr6)
  vcpu.cpu.setDr(7, vcpu.hw_dr7)
}

/**
 * vmx.c: vmx_vcpu_run() — under host single-step, clear STI/MOV-SS blocking before VM entry: the
 * entry check would otherwise demand PENDING_DBG.BS for the TF that KVM itself set (the kernel's comment
 * there: "that's not correct for the guest debugging case"). Present since 2.6.x; why debug_regs.c
 * single-steps over STI with KVM_GUESTDBG_BLOCKIRQ (the killed shadow would let a pending IRQ in).
 */
export function vmx_vcpu_run_prepare(vcpu: KvmVcpu): void {
  if (vcpu.guest_debug & KVM_GUESTDBG_SINGLESTEP) vcpu.cpu.setInterruptShadow('none')
}

/** SDM 27.2.1.3: the vectors VM entry may deliver with an error code (#DF, #TS, #NP, #SS, #GP, #PF, #AC). */
const DELIVER_ERROR_CODE_VECTORS: readonly number[] = [8, 10, 11, 12, 13, 14, 17]

/** VM-instruction error 7: VM entry with invalid control field(s). */
export const VMXERR_ENTRY_INVALID_CONTROL_FIELD = 7n

/**
 * SDM 27.3.1.5 (checks on guest non-register state), done by the CPU at VM entry: in an STI/MOV-SS
 * shadow, PENDING_DBG.BS must equal RFLAGS.TF && !DEBUGCTL.BTF. Returns the failure reason, if any.
 */
export function vmx_vm_entry_check(vcpu: KvmVcpu): bigint | undefined {
  const event = vcpu.entry_event
  // SDM 27.2.1.3: "deliver error code" only for #DF, #TS, #NP, #SS, #GP, #PF, #AC — else VMfailValid,
  // VM-instruction error 7 (invalid control field), which KVM reports as the failure reason.
  if (event?.type === 'hw-exception' && event.errorCode !== undefined && !DELIVER_ERROR_CODE_VECTORS.includes(event.vector)) {
    return VMXERR_ENTRY_INVALID_CONTROL_FIELD
  }
  if (vcpu.cpu.getInterruptShadow() === 'none') return undefined
  const tf = (vcpu.cpu.getRflags() & X86_EFLAGS_TF) !== 0n
  const btf = (vcpu.cpu.getDebugctl() & DEBUGCTLMSR_BTF) !== 0n
  const bs = (vcpu.cpu.getPendingDebugExceptions() & DR6_BS) !== 0n
  return bs === (tf && !btf) ? undefined : VMX_ENTRY_FAIL_INVALID_GUEST_STATE
}
