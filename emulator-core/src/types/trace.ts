import type { Hex } from './hex'
import type { RunMode, Vendor } from './build'

/** How a run ended. */
export type Outcome = 'halted' | 'shutdown' | 'fail-entry' | 'limit' | 'stopped' | 'internal-error'

/** KVM_EXIT_* reasons PatchLab models (uapi names without the prefix). */
export type ExitReason = 'DEBUG' | 'HLT' | 'IO' | 'INTR' | 'FAIL_ENTRY' | 'SHUTDOWN' | 'INTERNAL_ERROR'

/** Which guest level an event belongs to: L1 (or the only guest), or L2 under the built-in L1. */
export type GuestLevel = 'L1' | 'L2'

/**
 * One event of a run, in the order it happened. Every event has `seq` (its index in `events`).
 * Guest values are lowercase hex strings so a trace is plain JSON.
 */
export type TraceEvent =
  | InsnEvent
  | ExceptionEvent
  | ExitEvent
  | VmExitEvent
  | VmmEvent
  | NoteEvent

/** An instruction that completed (or was emulated, or was skipped by KVM). */
export interface InsnEvent {
  kind: 'insn'
  seq: number
  /** Guest linear RIP of the instruction. */
  rip: Hex
  /** GAS-syntax disassembly (iced-x86 GAS formatter). */
  text: string
  /** `native`: executed by the (virtual) hardware; `emulated`: by KVM's instruction emulator. */
  path: 'native' | 'emulated'
  level: GuestLevel
  /** True for instructions of PatchLab's built-in guest runtime (handlers, setup), which views may hide. */
  runtime?: boolean
}

/**
 * An exception as it moves through KVM and the (virtual) CPU.
 * `queued`: kvm_multiple_exception() accepted it (payload not yet delivered);
 * `injected`: KVM injected it at VM entry (payload delivered to DR6/CR2 here);
 * `delivered`: the CPU vectored it through the guest IDT (hardware, not intercepted);
 * `intercepted`: the CPU raised it but the exception bitmap sent it to the hypervisor instead.
 */
export interface ExceptionEvent {
  kind: 'exception'
  seq: number
  action: 'queued' | 'injected' | 'delivered' | 'intercepted'
  vector: number
  error_code?: Hex
  has_payload: boolean
  payload?: Hex
  /** Guest DR6 before and after this step (KVM's arch.dr6, or the CPU's DR6 on the native path). */
  dr6_before: Hex
  dr6_after: Hex
  /** Guest RIP the exception is reported at. */
  rip: Hex
  level: GuestLevel
  /** The kernel function (or hardware rule) that produced this step, e.g. `kvm_queue_exception_p`. */
  by: string
}

/** An exit to userspace (KVM_RUN returned). */
export interface ExitEvent {
  kind: 'exit'
  seq: number
  reason: ExitReason
  /** KVM_EXIT_DEBUG: run->debug.arch.{exception,pc,dr6,dr7}. dr7 may be stale (docs/reference/kvm-db-semantics.md §2.7). */
  exception?: number
  pc?: Hex
  dr6?: Hex
  dr7?: Hex
  /** KVM_EXIT_FAIL_ENTRY: fail_entry.hardware_entry_failure_reason. */
  hardware_entry_failure_reason?: Hex
  /** KVM_EXIT_IO: port and direction. */
  port?: Hex
  direction?: 'in' | 'out'
  /** Kernel function that set up the exit, e.g. `kvm_inject_emulated_db`. */
  by: string
}

/** A nested VM-exit from L2 to the built-in L1. */
export interface VmExitEvent {
  kind: 'vmexit'
  seq: number
  /** VMX basic exit reason, or SVM exit code. */
  reason: Hex
  /** VMX VM-exit interruption information (absent on SVM). */
  intr_info?: Hex
  exit_qualification?: Hex
  /** DR6 as L1 sees it after the exit (vmcb12 save.dr6 on SVM; L2's DR6 on VMX). */
  dr6: Hex
  rip: Hex
  by: string
}

/** A userspace (VMM) action and, for get_* actions, its result. */
export interface VmmEvent {
  kind: 'vmm'
  seq: number
  action: string
  /** Result fields for get_* actions (hex strings or small integers), or the error for a failing ioctl. */
  result?: Record<string, Hex | number | boolean | string>
}

/** A free-form annotation (e.g. "budget reached"), never used for comparison. */
export interface NoteEvent {
  kind: 'note'
  seq: number
  text: string
}

/** What the guest's recording handler saw (read with mov %dr6, as the guest would). */
export interface GuestExceptionRecord {
  vector: number
  rip: Hex
  dr6: Hex
  error_code: Hex
}

/** One KVM_RUN return to userspace. */
export interface ExitRecord {
  reason: ExitReason
  exception?: number
  pc?: Hex
  dr6?: Hex
  dr7?: Hex
  hardware_entry_failure_reason?: Hex
}

/** One nested VM-exit to L1. */
export interface VmExitRecord {
  reason: Hex
  intr_info?: Hex
  exit_qualification?: Hex
  dr6: Hex
}

/** Result of one get_* VMM action. */
export interface VmmRecord {
  action: string
  result: Record<string, Hex | number | boolean | string>
}

/** Final architectural state after the run. */
export interface FinalState {
  rip: Hex
  rflags: Hex
  dr0: Hex
  dr1: Hex
  dr2: Hex
  dr3: Hex
  dr6: Hex
  dr7: Hex
}

/** Which side of a run this is: the build, mode and vendor. */
export interface RunIdentity {
  build: string
  /** Patch ids of the build, in order. */
  stack: string[]
  mode: RunMode
  vendor: Vendor
}

/** The JSON document `patchlab run --json` prints. */
export interface Trace extends RunIdentity {
  schema: 'patchlab.trace/1'
  scenario: string
  outcome: Outcome
  /** Why the run stopped, in words (budget reached, triple fault, VMM stop...). */
  outcome_detail?: string
  events: TraceEvent[]
  guest_exceptions: GuestExceptionRecord[]
  exits: ExitRecord[]
  vmexits: VmExitRecord[]
  vmm: VmmRecord[]
  final: FinalState
  symbols: Record<string, Hex>
}
