/**
 * The hypervisor seam: everything the KVM model (emulator-core/src/kvm/) needs from the guest CPU.
 *
 * The same CPU runs bare metal (no intercept controls: the architectural reference) and as a guest
 * under the modelled VMX/SVM hardware. The KVM model sets `InterceptControls`, calls `step()`, and
 * handles the `HardwareExit`s it gets back; it injects events with `injectEvent()` and reuses the
 * instruction semantics through `decodeAt()` + `executeDecoded()` for KVM's instruction emulator.
 *
 * This file is a contract: change it only additively.
 */
import type { Code, Mnemonic, OpKind, Register } from 'iced-x86'
import type { Vendor } from '../types/build'
import type { Hex } from '../types/hex'

export type { Vendor }

/** Interrupt shadow (interruptibility state): blocking by STI or by MOV SS / POP SS. */
export type InterruptShadow = 'none' | 'sti' | 'mov-ss'

/** The control registers the CPU models (CR8 is the TPR). */
export type ControlRegister = 0 | 2 | 3 | 4 | 8

/**
 * VMCS/VMCB-like intercept controls set by the hypervisor. All off (bare metal): everything is
 * delivered or executed architecturally.
 */
export interface InterceptControls {
  /** Bit n set: exception vector n exits to the hypervisor instead of being delivered (VMX exception bitmap / SVM EXCP intercepts). */
  exceptionBitmap: number
  /** MOV to/from DR0-DR7 exits (VMX "MOV-DR exiting" / SVM DR read/write intercepts). */
  movDrExiting: boolean
  /** HLT exits. */
  hltExiting: boolean
  /** IN/OUT (and INS/OUTS) exit unconditionally. */
  ioExiting: boolean
  /** RDMSR/WRMSR exit. */
  msrExiting: boolean
  /** CPUID exits (always on VMX; an intercept on SVM). */
  cpuidExiting: boolean
  /** Exit at the first instruction boundary where an external interrupt could be delivered (IF=1, no shadow). */
  interruptWindowExiting: boolean
}

/** Intercept controls with nothing intercepted (bare metal). */
export function noIntercepts(): InterceptControls {
  return {
    exceptionBitmap: 0,
    movDrExiting: false,
    hltExiting: false,
    ioExiting: false,
    msrExiting: false,
    cpuidExiting: false,
    interruptWindowExiting: false,
  }
}

/**
 * An exception that the exception bitmap sent to the hypervisor (VMX exit reason 0 / SVM
 * `SVM_EXIT_EXCP_BASE + vector`). `rip` is the faulting instruction for faults and the next
 * instruction for traps; RFLAGS is left as it was before delivery would have happened.
 */
export interface ExceptionExit {
  kind: 'exception'
  vector: number
  errorCode?: number
  /**
   * #DB only: the DR6-shaped exit qualification (B0-B3, BD, BS, BT; RTM/BLD active-high), i.e.
   * what VMX reports in the exit qualification / pending debug exceptions. On Intel the CPU did
   * not touch DR6 or DR7.GD; on AMD it already merged these bits into DR6 (and kept DR7) before
   * the exit, as SVM's vmcb save.dr6 shows.
   */
  dr6Bits?: bigint
  /** Fault-like (RIP at the instruction: code breakpoint, GD, #UD, #GP, ...) or trap-like (data breakpoint, single-step, ICEBP, INT3). */
  faultLike: boolean
  /**
   * ICEBP (`f1`): a privileged software exception. RIP is left AT the ICEBP and `instructionLength`
   * says how far to skip (VMX reports it so KVM can skip the instruction before re-injecting).
   */
  icebp: boolean
  /** For ICEBP and INT3 (and INTO): the instruction length, for re-injection as a software exception. */
  instructionLength?: number
  /** Guest linear RIP the exception is reported at (see above). */
  rip: bigint
  /** #PF: the faulting linear address (VMX exit qualification / SVM EXITINFO2); CR2 is not written. */
  address?: bigint
}

/** An instruction intercept. `rip` is the instruction's address; `length` its length (for skipping). */
interface InstructionExitBase {
  rip: bigint
  length: number
}

export interface CpuidExit extends InstructionExitBase {
  kind: 'cpuid'
  leaf: number
  subleaf: number
}

export interface HltExit extends InstructionExitBase {
  kind: 'hlt'
}

export interface RdmsrExit extends InstructionExitBase {
  kind: 'rdmsr'
  msr: number
}

export interface WrmsrExit extends InstructionExitBase {
  kind: 'wrmsr'
  msr: number
  value: bigint
}

export interface IoExit extends InstructionExitBase {
  kind: 'io'
  port: number
  size: 1 | 2 | 4
  direction: 'in' | 'out'
  /** INS/OUTS. */
  string: boolean
  /** With a REP prefix. */
  rep: boolean
  /** For OUT: the value written (low `size` bytes of AL/AX/EAX). */
  value?: number
}

export interface MovDrExit extends InstructionExitBase {
  kind: 'mov-dr'
  /** DR number as encoded (0-7; 4/5 only reach here without CR4.DE). */
  dr: number
  /** GPR number (0 = RAX ... 15 = R15). */
  gpr: number
  direction: 'to-dr' | 'from-dr'
}

export interface InterruptWindowExit {
  kind: 'interrupt-window'
  rip: bigint
}

/** Why the CPU handed control to the hypervisor. */
export type HardwareExit =
  | ExceptionExit
  | CpuidExit
  | HltExit
  | RdmsrExit
  | WrmsrExit
  | IoExit
  | MovDrExit
  | InterruptWindowExit

/**
 * What one `step()` did.
 * `retired`: one instruction completed (any resulting trap #DB, INT n or INT3 was delivered too).
 * `delivered`: no instruction completed; an exception or interrupt was vectored through the guest IDT
 * (a fault, a code breakpoint, an external interrupt). Added beside the four kinds of the brief so
 * the caller can count instructions exactly.
 * `halted`: the CPU is in HLT state (and stays there until an interrupt is queued).
 * `shutdown`: triple fault.
 * `vmexit`: an intercept fired; guest state is at the exit point.
 */
export type StepResult =
  | { kind: 'retired' }
  | { kind: 'delivered'; vector: number }
  | { kind: 'halted' }
  | { kind: 'shutdown'; why: string }
  | { kind: 'vmexit'; exit: HardwareExit }

/** VM-entry event injection (VMX VM-entry interruption information / SVM EVENTINJ). */
export interface InjectedEvent {
  type: 'hw-exception' | 'sw-exception' | 'priv-sw-exception' | 'external-interrupt' | 'nmi'
  vector: number
  errorCode?: number
  /** Software exceptions/interrupts and ICEBP: RIP in the pushed frame is RIP + instructionLength. */
  instructionLength?: number
}

/** One operand of a decoded instruction, as KVM's emulator classifies it. */
export interface DecodedOperand {
  kind: OpKind
  /** For register operands: the iced register (e.g. `Register.DR7`, `Register.EAX`). */
  register?: Register
}

/**
 * A cached decoded instruction. The CPU owns it (it lives in the per-address decode cache and is
 * dropped when guest memory holding its bytes is written); treat it as read-only.
 */
export interface DecodedInsn {
  /** Linear address of the first byte. */
  readonly address: bigint
  readonly length: number
  readonly code: Code
  readonly mnemonic: Mnemonic
  readonly operands: readonly DecodedOperand[]
  readonly lock: boolean
  readonly rep: boolean
  readonly repne: boolean
  /** CPL0-only (MOV CR/DR, HLT, LGDT/LIDT/LTR, RDMSR/WRMSR, CLI/STI with IOPL<3, IN/OUT with IOPL<CPL...): iced's `isPrivileged`. */
  readonly privileged: boolean
  /** MOV to/from a debug register: which DR, which GPR, which way. */
  readonly movDr?: { dr: number; gpr: number; direction: 'to-dr' | 'from-dr' }
  /** The shadow this instruction can set when it completes (`sti` — only when IF was 0 —, `mov-ss` for MOV SS). */
  readonly setsShadow: InterruptShadow
  /** True when iced decoded bytes the CPU does not implement: executing it gives #UD naming the mnemonic. */
  readonly unsupported: boolean
  /** GAS (AT&T) disassembly, as traces show it. */
  readonly text: string
  /** `address` as traces show it (lowercase 0x… hex). */
  readonly addressHex: Hex
}

/** KVM's `x86_emulate_ops`, as far as PatchLab's emulated instructions need them. */
export interface ExecEnv {
  /** emulator get_dr: the DR value the emulated MOV reads (DR4/DR5 are already aliased to 6/7 by the CPU). */
  getDr(dr: number): bigint
  /** emulator set_dr: returns false when the write is invalid (the CPU then returns #GP(0)). */
  setDr(dr: number, value: bigint): boolean
  getCr(cr: ControlRegister): bigint
  /** Returns false for an invalid value (#GP(0)). */
  setCr(cr: ControlRegister, value: bigint): boolean
  /** Port input: the value read (low `size` bytes used). */
  pioIn(port: number, size: 1 | 2 | 4): number
  pioOut(port: number, size: 1 | 2 | 4, value: number): void
  /** undefined: unknown MSR (#GP(0)). */
  rdmsr(msr: number): bigint | undefined
  /** false: unknown MSR or invalid value (#GP(0)). */
  wrmsr(msr: number, value: bigint): boolean
  /** [eax, ebx, ecx, edx]. */
  cpuid(leaf: number, subleaf: number): [number, number, number, number]
  /** The emulated HLT completed (KVM: kvm_emulate_halt). */
  halt(): void
}

/**
 * What `executeDecoded` did. GPRs, memory, segment registers and the env side effects are committed;
 * RIP, RFLAGS and the interrupt shadow are NOT (they are returned, KVM writes them back itself).
 */
export type ExecOutcome =
  | {
      kind: 'ok'
      /** RIP after the instruction (the branch target, or the next instruction). */
      nextRip: bigint
      /** RFLAGS after the instruction (not committed). */
      rflags: bigint
      /** Shadow the instruction sets (`none` clears any current shadow). */
      shadow: InterruptShadow
      /** HLT executed (env.halt() was called). */
      halted: boolean
    }
  | {
      kind: 'exception'
      vector: number
      errorCode?: number
      /** #PF: the faulting linear address (for CR2 / the payload). */
      address?: bigint
      /**
       * Software interrupts (INT n, INT3, ICEBP) are trap-like: the instruction completed and the
       * event should be delivered with RIP = nextRip. Absent for faults (RIP stays at the instruction).
       */
      trap?: { nextRip: bigint; rflags: bigint; kind: 'int' | 'int3' | 'icebp' }
    }

/** One event the CPU reports through its hook, for the runner's trace. */
export type CpuEvent =
  | {
      kind: 'insn'
      /** Linear RIP of the instruction that completed (natively). */
      rip: bigint
      insn: DecodedInsn
    }
  | {
      kind: 'exception'
      action: 'delivered' | 'intercepted' | 'injected'
      vector: number
      errorCode?: number
      /** The CPU's (hardware) DR6 before and after this step. */
      dr6Before: bigint
      dr6After: bigint
      /** RIP the exception is reported at (the pushed RIP, or the exit's RIP). */
      rip: bigint
      /** The hardware rule that produced it, e.g. `SDM 18.3.1.2 data breakpoint`. */
      by: string
    }
  | { kind: 'shutdown'; why: string }

/** CPUID feature knobs of the modelled CPU. */
export interface CpuFeatures {
  /** CPUID.7.0:EBX.RTM (bit 11). */
  rtm: boolean
  /** CPUID.7.0:ECX.BUS_LOCK_DETECT (bit 24). */
  busLockDetect: boolean
}

export interface CpuOptions {
  vendor: Vendor
  /** Guest memory size in bytes (default 4 MiB). */
  memorySize?: number
  features?: Partial<CpuFeatures>
}

/** The guest CPU as the KVM model and the runner see it. Implemented by `Cpu` in ./cpu. */
export interface GuestCpu {
  readonly vendor: Vendor
  /** Intercept controls; mutate fields in place. */
  readonly intercepts: InterceptControls
  /** Per-step event hook (instruction completed, exception delivered/intercepted, shutdown). */
  onEvent: ((event: CpuEvent) => void) | undefined
  /** Port I/O callback for native IN/OUT when not intercepted (default: IN reads all-ones, OUT is dropped). */
  portIo: { in(port: number, size: 1 | 2 | 4): number; out(port: number, size: 1 | 2 | 4, value: number): void }

  step(): StepResult
  injectEvent(event: InjectedEvent): StepResult
  decodeAt(rip: bigint): DecodedInsn | { kind: 'exception'; vector: number; errorCode?: number }
  executeDecoded(insn: DecodedInsn, env: ExecEnv): ExecOutcome

  getReg(n: number): bigint
  setReg(n: number, value: bigint): void
  getRip(): bigint
  setRip(value: bigint): void
  getRflags(): bigint
  setRflags(value: bigint): void
  /** DR0-DR7 as the hardware holds them (DR4/DR5 alias 6/7). No checks, no fixed-bit forcing. */
  getDr(n: number): bigint
  setDr(n: number, value: bigint): void
  getCr(cr: ControlRegister): bigint
  setCr(cr: ControlRegister, value: bigint): void
  getEfer(): bigint
  getDebugctl(): bigint
  setDebugctl(value: bigint): void
  /** The guest-state MSRs the hardware holds (EFER, SYSCALL's, the FS/GS bases, TSC_AUX): undefined / false for others or an invalid value. */
  readMsr(msr: number): bigint | undefined
  writeMsr(msr: number, value: bigint): boolean
  getInterruptShadow(): InterruptShadow
  setInterruptShadow(shadow: InterruptShadow): void
  /** DR6-shaped pending debug exceptions (VMX GUEST_PENDING_DBG_EXCEPTIONS): trap #DBs deferred by a MOV SS shadow. */
  getPendingDebugExceptions(): bigint
  setPendingDebugExceptions(bits: bigint): void
  /** Current privilege level (CS.RPL). */
  getCpl(): 0 | 3
  /** Linear RIP (flat segments: equal to RIP). */
  getLinearRip(): bigint
  readMemory(address: bigint, length: number): Uint8Array
  writeMemory(address: bigint, bytes: Uint8Array): void
  readU64(address: bigint): bigint
  writeU64(address: bigint, value: bigint): void
  /** Raise the external interrupt line with this vector (delivered when IF=1 and no shadow). */
  queueInterrupt(vector: number): void
  isHalted(): boolean
}
