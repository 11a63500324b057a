import type { RunMode, Vendor } from './build'
import type { ExitReason, Outcome } from './trace'

/**
 * A guest address or value as a scenario names it: a number, or a label of the guest program
 * (optionally with an offset), resolved after assembly. Labels are allowed wherever an address is.
 */
export type AddressRef = bigint | { label: string; offset: bigint }

/** General-purpose registers a scenario may set or read. */
export type GprName =
  | 'rax' | 'rbx' | 'rcx' | 'rdx' | 'rsi' | 'rdi' | 'rbp' | 'rsp'
  | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15'

/** KVM_GUESTDBG_* control flags (uapi names without the prefix). */
export type GuestDebugFlag = 'ENABLE' | 'SINGLESTEP' | 'USE_SW_BP' | 'USE_HW_BP' | 'INJECT_DB' | 'INJECT_BP' | 'BLOCKIRQ'

/** KVM_SET_GUEST_DEBUG arguments. */
export interface GuestDebugSetting {
  control: GuestDebugFlag[]
  debugreg: { dr0?: AddressRef; dr1?: AddressRef; dr2?: AddressRef; dr3?: AddressRef; dr7?: bigint }
}

/** Exception vectors by mnemonic, as scenarios name them. */
export type VectorName = 'DE' | 'DB' | 'NMI' | 'BP' | 'OF' | 'BR' | 'UD' | 'NM' | 'DF' | 'TS' | 'NP' | 'SS' | 'GP' | 'PF' | 'AC'

/** Debug-register values of the vCPU (KVM_SET_DEBUGREGS shape). */
export interface DebugRegs {
  dr0?: AddressRef
  dr1?: AddressRef
  dr2?: AddressRef
  dr3?: AddressRef
  dr6?: bigint
  dr7?: bigint
}

/** What triggers a VMM rule. */
export type VmmTrigger =
  /** The Nth (1-based; default every) KVM_RUN exit with this reason. */
  | { exit: ExitReason; nth?: number }
  /** KVM_EXIT_INTR right after the Nth instruction KVM emulates (docs/reference/kvm-db-semantics.md S2's signal window). */
  | { after_emulation: number }

/** One userspace action. Plain strings for the argument-less ones. */
export type VmmAction =
  | 'get_vcpu_events'
  | 'get_debugregs'
  | 'get_regs'
  | 'resume'
  | 'stop'
  | { set_debugregs: DebugRegs }
  | { set_guest_debug: { control: GuestDebugFlag[]; debugreg?: GuestDebugSetting['debugreg'] } }
  /** `rip: 'next'` means the instruction after the current RIP. */
  | { set_regs: Partial<Record<GprName | 'rflags', AddressRef>> & { rip?: AddressRef | 'next' } }
  | { inject_irq: number }

export interface VmmRule {
  on: VmmTrigger
  do: VmmAction[]
}

/** A per-vector guest handler: the default recorder with options, or a label of the guest's own. */
export type HandlerSpec =
  | { kind: 'recorder'; clear_dr6: boolean; set_rf: 'code-bp' | 'always' | 'never' }
  | { kind: 'label'; label: string }

/** What a scenario expects of one build (or build/mode), checked by `patchlab check`. Partial matches. */
export interface Expectation {
  outcome?: Outcome
  guest_exceptions?: Array<Partial<Record<'vector' | 'rip' | 'dr6' | 'error_code', AddressRef>>>
  exits?: Array<Partial<{ reason: ExitReason; exception: number; pc: AddressRef; dr6: bigint; dr7: bigint; hardware_entry_failure_reason: bigint }>>
  vmexits?: Array<Partial<{ reason: bigint; intr_info: bigint; exit_qualification: bigint; dr6: bigint }>>
  /** get_* results, in order; only the named fields are compared. */
  vmm?: Array<{ action: string; result: Record<string, bigint | number | boolean> }>
  final?: Partial<Record<'rip' | 'rflags' | 'dr0' | 'dr1' | 'dr2' | 'dr3' | 'dr6' | 'dr7' | GprName, AddressRef>>
}

/** Where a key sits in the scenario file, so errors and editors can point at it. */
export interface SourcePosition {
  line: number
  column: number
}

/** A parsed, validated `patchlab.scenario/1` document. */
export interface Scenario {
  schema: 'patchlab.scenario/1'
  name: string
  description?: string
  vendor: Vendor
  guest: {
    /** AT&T source (the assembler's dialect, with KVM_FEP). Exactly one of asm / binary. */
    asm?: string
    /** A flat binary, already loaded by the Node side from `binary: file.bin`. */
    binary?: Uint8Array
    /** Line in the scenario file where the asm block's first line sits (for error positions). */
    asm_line?: number
    cpl: 0 | 3
  }
  vcpu: {
    regs: Partial<Record<GprName, AddressRef>>
    rflags: bigint
    dr: DebugRegs
    cr4: { de: boolean }
    /** Guest CPUID features that change DR6 fixed bits (reference kvm_dr6_fixed). Default: both present. */
    cpuid: { rtm: boolean; bus_lock_detect: boolean }
  }
  kvm: {
    force_emulation_prefix: boolean
    /** KVM_FEP_CLEAR_RFLAGS_RF: the module parameter's BIT(1). */
    fep_clear_rflags_rf: boolean
    exception_payload: boolean
    guest_debug?: GuestDebugSetting
    /** Present when the guest runs as L2 under the built-in L1. */
    nested?: { l1_intercepts: VectorName[] }
  }
  vmm: VmmRule[]
  handlers: Partial<Record<VectorName, HandlerSpec>>
  limits: { instructions: number; exits: number }
  /** Keys: a build id (`pre`), a mode (`fep`), or `build/mode` (`post/native`). */
  expect: Record<string, Expectation>
  /** File the scenario came from, when it came from one. */
  file?: string
}

export type { RunMode }
