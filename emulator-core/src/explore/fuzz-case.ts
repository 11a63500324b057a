import type { GuestDebugFlag, VectorName, VmmRule } from '../types'

/**
 * A fuzz case is a flat list of units — guest instructions and settings — so delta debugging can
 * drop any of them: a dropped instruction leaves the program, a dropped setting returns to its
 * default. Instruction units carry a stable `id` (their label is `i<id>`), so settings that name an
 * instruction keep pointing at it while others are removed.
 */
export type FuzzUnit = InsnUnit | SettingUnit

export interface InsnUnit {
  kind: 'insn'
  id: number
  /** Sent through KVM's emulator with the forced-emulation prefix. */
  fep: boolean
  insn: GuestInsn
}

/** The #DB-relevant guest instructions the grammar draws from; some take a set-up instruction. */
export type GuestInsn =
  | { op: 'nop' | 'sti' | 'cli' | 'mov-ss' | 'icebp' | 'int3' | 'cpuid' | 'in' | 'out' | 'load' | 'store' }
  | { op: 'mov-from-dr'; dr: number }
  | { op: 'mov-to-dr'; dr: number; value: bigint }
  /** `pushq $rflags; popfq`: how a guest sets TF (and IF) itself. */
  | { op: 'popf'; rflags: bigint }

/** What a guest or host breakpoint watches: an instruction (by id), the data quadword, or I/O port 0x80. */
export type BreakpointTarget = { code: number } | { data: 'write' | 'readwrite' } | { io: 0x80 }

export type SettingUnit =
  /** One initial RFLAGS bit beyond the reserved bit 1 (TF, IF or RF), one unit per bit. */
  | { kind: 'rflags'; bit: bigint }
  /** Initial DR6 other than the reset value (e.g. sticky BS and B0). */
  | { kind: 'dr6'; value: bigint }
  /** A guest breakpoint in DR0–DR3 with its DR7 enable and R/W/LEN bits. */
  | { kind: 'breakpoint'; slot: number; target: BreakpointTarget }
  /** Guest DR7.GD. */
  | { kind: 'gd' }
  | { kind: 'cr4-de' }
  /** KVM_CAP_EXCEPTION_PAYLOAD enabled. */
  | { kind: 'payload-cap' }
  | { kind: 'vendor-amd' }
  /**
   * One KVM_SET_GUEST_DEBUG control flag. Each flag is its own unit so minimization can drop
   * SINGLESTEP and keep USE_HW_BP; any flag implies ENABLE.
   */
  | { kind: 'guest-debug'; flag: GuestDebugFlag }
  /** A host breakpoint in guest_debug debugreg[slot] and debugreg[7]. */
  | { kind: 'host-breakpoint'; slot: number; target: { code: number } }
  /** debugreg[7].GD. */
  | { kind: 'host-gd' }
  | { kind: 'nested'; l1_intercepts: VectorName[] }
  | { kind: 'vmm'; rule: VmmRule }
  | { kind: 'db-handler'; set_rf: 'code-bp' | 'always' | 'never'; clear_dr6: boolean }

export interface FuzzCase {
  seed: number
  index: number
  units: FuzzUnit[]
}

export function isInsn(unit: FuzzUnit): unit is InsnUnit {
  return unit.kind === 'insn'
}

/** Guest instructions an op assembles to (set-up instruction included). */
export function insnLength(insn: GuestInsn): number {
  return insn.op === 'mov-to-dr' || insn.op === 'popf' || insn.op === 'mov-ss' ? 2 : 1
}

/** Guest instructions of the whole program, counting the final `hlt`. */
export function programLength(units: readonly FuzzUnit[]): number {
  return units.filter(isInsn).reduce((n, u) => n + insnLength(u.insn), 1)
}
