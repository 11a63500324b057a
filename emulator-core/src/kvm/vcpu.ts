import type { RunMode, Vendor } from '../types/build'
import type { GuestLevel } from '../types/trace'
import type { KvmFunctions } from './functions'
import type { TraceSink } from './trace-sink'
import type { GuestCpu, InjectedEvent } from '../cpu/seam'

/** `struct kvm_queued_exception` (kvm_host.h): one exception KVM holds for injection. */
export interface QueuedException {
  pending: boolean
  injected: boolean
  vector: number
  has_error_code: boolean
  error_code: number
  has_payload: boolean
  payload: bigint
}

export function emptyException(): QueuedException {
  return { pending: false, injected: false, vector: 0, has_error_code: false, error_code: 0, has_payload: false, payload: 0n }
}

/** `KVM_DEBUGREG_*` bits of `arch.switch_db_regs`. */
export const KVM_DEBUGREG_BP_ENABLED = 1
export const KVM_DEBUGREG_WONT_EXIT = 2

/** `struct kvm_run` fields KVM fills before returning 0 from a handler (exit to userspace). */
export interface KvmRunExit {
  exit_reason?: 'DEBUG' | 'HLT' | 'IO' | 'INTR' | 'FAIL_ENTRY' | 'SHUTDOWN' | 'INTERNAL_ERROR'
  /** run->debug.arch; dr7 is deliberately kept across exits (kvm_inject_emulated_db never writes it). */
  debug: { exception: number; pc: bigint; dr6: bigint; dr7: bigint }
  hardware_entry_failure_reason?: bigint
  io?: { port: number; direction: 'in' | 'out' }
  /** Kernel function that set the exit up (trace `by`). */
  by: string
}

/** The built-in L1 of a nested scenario: which exception vectors it intercepts in L2. */
export interface NestedL1 {
  /** Vectors in vmcs12->exception_bitmap / the vmcb12 exception intercepts. */
  interceptedVectors: Set<number>
}

/**
 * The vCPU as KVM sees it (docs/reference/kvm-db-semantics.md §2.1): `vcpu->arch` plus the per-VM settings that matter.
 * Guest registers live in the CPU model; KVM reaches them through `regs` (its vendor ops).
 */
export interface KvmVcpu {
  vendor: Vendor
  /** arch.db[0..3]: guest-visible DR0-3. */
  db: bigint[]
  /** arch.eff_db[0..3]: userspace debugreg[0..3] under USE_HW_BP, else a copy of db[]. */
  eff_db: bigint[]
  /** arch.dr6: KVM's copy of guest DR6 (loaded into hardware at entry). */
  dr6: bigint
  /** arch.dr7: guest-visible DR7. */
  dr7: bigint
  /** arch.guest_debug_dr7: userspace debugreg[7], meaningful only under USE_HW_BP. */
  guest_debug_dr7: bigint
  /** vcpu->guest_debug: KVM_GUESTDBG_* flags, 0 when ENABLE is clear. */
  guest_debug: number
  /** arch.singlestep_rip: linear RIP at which KVM injects TF for host single-step. */
  singlestep_rip: bigint
  /** arch.switch_db_regs: KVM_DEBUGREG_BP_ENABLED | KVM_DEBUGREG_WONT_EXIT. */
  switch_db_regs: number
  /** arch.exception: the exception destined for the current guest level. */
  exception: QueuedException
  /** arch.exception_vmexit: an L2 exception L1 intercepts, morphed into a pending nested VM-exit. */
  exception_vmexit: QueuedException
  /** arch.exception_from_userspace: set by KVM_SET_VCPU_EVENTS. */
  exception_from_userspace: boolean
  /** kvm->arch.exception_payload_enabled (KVM_CAP_EXCEPTION_PAYLOAD). */
  exception_payload_enabled: boolean
  /** The value hardware DR7 holds for the guest: VMCS GUEST_DR7 / VMCB save.dr7 (kvm_update_dr7). */
  hw_dr7: bigint
  /** Guest CPUID bits that change DR6 fixed bits and MOV-SS inhibition. */
  cpuid: { rtm: boolean; bus_lock_detect: boolean }
  /** arch.cr2 (only written by #PF payload delivery here). */
  cr2: bigint
  /** KVM_REQ_TRIPLE_FAULT: the next KVM_RUN iteration exits with KVM_EXIT_SHUTDOWN. */
  triple_fault: boolean
  /** VMCS VM-entry interruption information / VMCB EVENTINJ: the event the next VM entry delivers. */
  entry_event?: InjectedEvent
  /** arch.event_exit_inst_len: length of an intercepted INT3/INTO, for re-injection as a software exception. */
  event_exit_inst_len: number
  /** A pending external interrupt vector (KVM_INTERRUPT), delivered when the guest can take it. */
  pending_irq?: number
  /** Present when the guest runs as L2 under the built-in L1. */
  nested?: NestedL1
  /** kvm.force_emulation_prefix (BIT(0) enable, BIT(1) KVM_FEP_CLEAR_RFLAGS_RF). */
  force_emulation_prefix: number
  /** PatchLab's run mode: `native` makes handle_ud skip the prefix instead of emulating (reference column). */
  mode: RunMode
  /** Times handle_ud() sent a FEP instruction to the emulator (the VMM's `after_emulation` trigger counts these). */
  emulations: number
  /** arch.complete_userspace_io: finishes an instruction after userspace handled its KVM_EXIT_IO. */
  complete_userspace_io?: (vcpu: KvmVcpu) => number
  /** The guest CPU (registers, VMCS/VMCB controls), reached through the hardware seam. */
  cpu: GuestCpu
  /** This build's function table (base + patch stack). */
  fn: KvmFunctions
  /** The pending exit to userspace, filled by handlers that return 0. */
  run: KvmRunExit
  trace: TraceSink
}

export function isGuestMode(vcpu: KvmVcpu): boolean {
  return vcpu.nested !== undefined
}

export function guestLevel(vcpu: KvmVcpu): GuestLevel {
  return isGuestMode(vcpu) ? 'L2' : 'L1'
}
