import type { HardwareExit, InjectedEvent } from '../cpu/seam'
import { hex } from '../types/hex'
import { kvmX86Ops } from './kvm-x86-ops'
import type { NestedVmExit } from './nested'
import { KVM_DEBUGREG_WONT_EXIT, isGuestMode, type KvmVcpu } from './vcpu'
import { kvm_handle_exit } from './x86-exit-handlers'

/** Why one KVM_RUN returned (or why the built-in L1 / the budget ended the run). */
export type KvmRunStop =
  | { kind: 'exit' }
  | { kind: 'nested-vmexit'; exit: NestedVmExit }
  | { kind: 'limit' }

// The stops without data are shared: a run returns from KVM_RUN about ten times.
const EXIT: KvmRunStop = { kind: 'exit' }
const LIMIT: KvmRunStop = { kind: 'limit' }

/** Shared instruction budget across KVM_RUN calls (limits.instructions). */
export interface InstructionBudget {
  left: number
}

/** vmx/nested.c: nested_vmx_l1_wants_exit() / svm/nested.c: nested_svm_exit_handled() for the built-in L1. */
function l1WantsExit(vcpu: KvmVcpu, exit: HardwareExit): boolean {
  if (!vcpu.nested) return false
  if (exit.kind === 'exception') return vcpu.nested.interceptedVectors.has(exit.vector)
  // VMX: CPUID exits unconditionally in VMX non-root operation, so L1 always gets it.
  return exit.kind === 'cpuid' && vcpu.vendor === 'intel'
}

function nestedVmExitFor(vcpu: KvmVcpu, exit: HardwareExit): NestedVmExit {
  if (exit.kind === 'exception') return kvmX86Ops(vcpu).reflect_exception(vcpu, exit)
  return { reason: hex(10n), dr6: hex(vcpu.dr6), rip: hex(exit.rip), by: 'nested_vmx_reflect_vmexit' }
}

/** The VM-entry event kvm_check_and_inject_events() chose (read through a call: it was just reset). */
function entryEvent(vcpu: KvmVcpu): InjectedEvent | undefined {
  return vcpu.entry_event
}

/**
 * x86.c: vcpu_run() / vcpu_enter_guest() — the KVM_RUN loop: check requests, inject events, load the
 * debug registers, enter (VM-entry checks), run until a hardware exit, handle it; return when a
 * handler returns 0 (run.exit_reason set), a nested VM-exit goes to L1, a signal is pending
 * (`signalPending`, KVM_EXIT_INTR), or the instruction budget runs out.
 */
export function vcpu_run(vcpu: KvmVcpu, budget: InstructionBudget, signalPending: () => boolean): KvmRunStop {
  vcpu.run.exit_reason = undefined
  vcpu.run.hardware_entry_failure_reason = undefined
  vcpu.run.io = undefined
  const completion = vcpu.complete_userspace_io
  if (completion) {
    vcpu.complete_userspace_io = undefined
    if (completion(vcpu) === 0) return EXIT
  }
  const ops = kvmX86Ops(vcpu)
  for (;;) {
    if (budget.left <= 0) return LIMIT
    // x86.c: kvm_check_request(KVM_REQ_TRIPLE_FAULT)
    if (vcpu.triple_fault) {
      vcpu.triple_fault = false
      vcpu.run.exit_reason = 'SHUTDOWN'
      vcpu.run.by = 'kvm_check_request(KVM_REQ_TRIPLE_FAULT)'
      return EXIT
    }
    // x86.c: kvm_check_nested_events() — a morphed L2 exception becomes a nested VM-exit.
    if (isGuestMode(vcpu) && vcpu.exception_vmexit.pending) return { kind: 'nested-vmexit', exit: ops.inject_exception_vmexit(vcpu) }
    vcpu.entry_event = undefined
    vcpu.fn.kvm_check_and_inject_events(vcpu)
    const event = entryEvent(vcpu)
    ops.load_debug_regs(vcpu)
    ops.prepare_entry(vcpu)
    const failure = ops.vm_entry_check(vcpu)
    if (failure !== undefined) {
      vcpu.run.exit_reason = 'FAIL_ENTRY'
      vcpu.run.hardware_entry_failure_reason = failure
      vcpu.run.by = 'vmx_handle_exit (VM-entry failure)'
      return EXIT
    }
    let result = event ? vcpu.cpu.injectEvent(event) : vcpu.cpu.step()
    if (event && result.kind !== 'vmexit') {
      // vmx.c/svm.c: *_complete_interrupts() — the injected event was delivered.
      if (event.type !== 'external-interrupt') vcpu.exception.injected = false
      vcpu.cpu.setPendingDebugExceptions(0n)
    }
    // The guest runs until something hands control back to KVM.
    while (result.kind === 'retired' || result.kind === 'delivered') {
      if (result.kind === 'retired' && --budget.left <= 0) return LIMIT
      result = vcpu.cpu.step()
    }
    budget.left--
    switch (result.kind) {
      case 'halted':
        vcpu.run.exit_reason = 'HLT'
        vcpu.run.by = 'hardware HLT'
        return EXIT
      case 'shutdown':
        vcpu.run.exit_reason = 'SHUTDOWN'
        vcpu.run.by = result.why
        return EXIT
      case 'vmexit': {
        // x86.c: vcpu_enter_guest() — take the guest-owned DRs back, then recompute eff_db[] and the
        // hardware DR7 from them, or the next entry loads stale breakpoint addresses.
        if (vcpu.switch_db_regs & KVM_DEBUGREG_WONT_EXIT) {
          ops.sync_dirty_debug_regs(vcpu)
          vcpu.fn.kvm_update_dr0123(vcpu)
          vcpu.fn.kvm_update_dr7(vcpu)
        }
        const exit = result.exit
        if (l1WantsExit(vcpu, exit)) return { kind: 'nested-vmexit', exit: nestedVmExitFor(vcpu, exit) }
        if (kvm_handle_exit(vcpu, exit) === 0) return EXIT
        // x86.c: xfer_to_guest_mode_handle_work() — a pending signal ends KVM_RUN with KVM_EXIT_INTR.
        if (signalPending()) {
          vcpu.run.exit_reason = 'INTR'
          vcpu.run.by = 'xfer_to_guest_mode_handle_work'
          return EXIT
        }
      }
    }
  }
}
