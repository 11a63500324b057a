import type { GuestDebugFlag, VectorName, VmmRule } from '../types'
import type { BreakpointTarget, FuzzCase, FuzzUnit, GuestInsn, InsnUnit } from './fuzz-case'
import { createPrng, type Prng } from './prng'

/**
 * The fuzz grammar: what matters for #DB in KVM (issue 5 §3). Weights favour the instructions that
 * reach KVM's emulator and debug paths; every case is a valid scenario by construction.
 */
const MAX_INSNS = 6

const RFLAGS_TF = 0x100n
const RFLAGS_IF = 0x200n
const RFLAGS_RF = 0x10000n
const RFLAGS_FIXED = 0x2n

/** Guest-written DR values: enables, GD, R/W fields, and DR6 images with sticky bits. */
const DR7_VALUES = [0x400n, 0x401n, 0x402n, 0x2400n, 0x2402n, 0xd0402n]
const DR6_VALUES = [0xffff0ff0n, 0xffff4ff0n, 0xffff4ff1n, 0xfffe0ff0n]
const DR03_VALUES = [0n, 0x1000n]
/** DR6 images other than the reset value, for the initial DR6 setting. */
const DR6_STICKY_VALUES = DR6_VALUES.slice(1)
const DR_READS = [0, 1, 6, 7]
const DR_WRITES = [0, 3, 6, 7]
/** `popf` images: TF with IF, then TF alone (a fair pick, IF first as the grammar has always drawn it). */
const POPF_RFLAGS = [RFLAGS_FIXED | RFLAGS_TF | RFLAGS_IF, RFLAGS_FIXED | RFLAGS_TF]
/** Initial RFLAGS choices as their bits, one setting unit each, in TF, IF, RF order. */
const RFLAGS_CHOICES = [[RFLAGS_TF], [RFLAGS_TF, RFLAGS_IF], [RFLAGS_RF], [RFLAGS_TF, RFLAGS_RF], [RFLAGS_IF]]
const DATA_ACCESSES = ['write', 'readwrite'] as const
const DB_HANDLER_SET_RF = ['code-bp', 'always', 'never'] as const

/** USE_HW_BP alone and SINGLESTEP alone are listed twice: the series changes exactly those paths. */
const GUEST_DEBUG_CONTROLS: GuestDebugFlag[][] = [
  ['ENABLE', 'USE_HW_BP'],
  ['ENABLE', 'USE_HW_BP'],
  ['ENABLE', 'SINGLESTEP'],
  ['ENABLE', 'SINGLESTEP'],
  ['ENABLE', 'USE_HW_BP', 'SINGLESTEP'],
  ['ENABLE'],
  ['ENABLE', 'USE_SW_BP'],
  ['ENABLE', 'BLOCKIRQ', 'SINGLESTEP'],
]

const NESTED_INTERCEPTS: VectorName[][] = [['DB'], ['DB', 'UD'], []]

const VMM_RULES: VmmRule[] = [
  { on: { exit: 'DEBUG', nth: 1 }, do: [{ set_guest_debug: { control: [] } }, 'resume'] },
  { on: { exit: 'DEBUG', nth: 1 }, do: ['get_vcpu_events', 'get_debugregs', 'resume'] },
  { on: { exit: 'DEBUG' }, do: [{ set_regs: { rip: 'next' } }, 'resume'] },
  { on: { after_emulation: 1 }, do: ['get_vcpu_events', 'get_debugregs', 'resume'] },
  { on: { after_emulation: 1 }, do: [{ set_debugregs: { dr6: 0xffff0ff0n } }, 'resume'] },
]

const ROWS: Array<[weight: number, make: (rng: Prng) => GuestInsn]> = [
  [6, (rng) => ({ op: 'mov-from-dr', dr: rng.pick(DR_READS) })],
  [4, (rng) => {
    const dr = rng.pick(DR_WRITES)
    const value = dr === 7 ? rng.pick(DR7_VALUES) : dr === 6 ? rng.pick(DR6_VALUES) : rng.pick(DR03_VALUES)
    return { op: 'mov-to-dr', dr, value }
  }],
  [5, () => ({ op: 'nop' })],
  [4, () => ({ op: 'sti' })],
  [1, () => ({ op: 'cli' })],
  [2, () => ({ op: 'mov-ss' })],
  [3, (rng) => ({ op: 'popf', rflags: rng.pick(POPF_RFLAGS) })],
  [2, () => ({ op: 'icebp' })],
  [1, () => ({ op: 'int3' })],
  [3, () => ({ op: 'cpuid' })],
  [1, () => ({ op: 'in' })],
  [1, () => ({ op: 'out' })],
  [1, () => ({ op: 'load' })],
  [1, () => ({ op: 'store' })],
]
const TOTAL_WEIGHT = ROWS.reduce((n, [w]) => n + w, 0)

function pickInsn(rng: Prng): GuestInsn {
  let roll = rng.below(TOTAL_WEIGHT)
  for (const [weight, make] of ROWS) {
    if (roll < weight) return make(rng)
    roll -= weight
  }
  throw new Error('unreachable: weights cover every roll')
}

/** Case `index` of campaign `seed`: a pure function of the two, whoever calls it. */
export function generateCase(seed: number, index: number): FuzzCase {
  const rng = createPrng(seed, index)
  const insns: InsnUnit[] = []
  const count = 1 + rng.below(MAX_INSNS)
  for (let id = 0; id < count; id++) insns.push({ kind: 'insn', id, fep: rng.chance(2, 3), insn: pickInsn(rng) })
  const codeTarget = (): { code: number } => ({ code: rng.below(count) })

  const settings: FuzzUnit[] = []
  if (rng.chance(1, 3)) {
    for (const bit of rng.pick(RFLAGS_CHOICES)) settings.push({ kind: 'rflags', bit })
  }
  if (rng.chance(1, 6)) settings.push({ kind: 'dr6', value: rng.pick(DR6_STICKY_VALUES) })
  // Slots fill in order (DR0, then DR1): which slot a breakpoint uses only renames its B-bit.
  for (let slot = 0; slot < 2 && rng.chance(1, 3); slot++) {
    const kind = rng.below(6)
    const target: BreakpointTarget = kind < 4 ? codeTarget() : kind === 4 ? { data: rng.pick(DATA_ACCESSES) } : { io: 0x80 }
    settings.push({ kind: 'breakpoint', slot, target })
    if ('io' in target && rng.chance(1, 2)) settings.push({ kind: 'cr4-de' })
  }
  if (rng.chance(1, 4)) settings.push({ kind: 'gd' })
  if (rng.chance(1, 3)) settings.push({ kind: 'payload-cap' })
  if (rng.chance(1, 4)) settings.push({ kind: 'vendor-amd' })
  if (rng.chance(1, 2)) {
    for (const flag of rng.pick(GUEST_DEBUG_CONTROLS)) settings.push({ kind: 'guest-debug', flag })
    if (rng.chance(1, 4)) settings.push({ kind: 'host-breakpoint', slot: 0, target: codeTarget() })
    if (rng.chance(1, 2)) settings.push({ kind: 'host-gd' })
  }
  if (rng.chance(1, 8)) settings.push({ kind: 'nested', l1_intercepts: rng.pick(NESTED_INTERCEPTS) })
  if (rng.chance(1, 4)) settings.push({ kind: 'vmm', rule: rng.pick(VMM_RULES) })
  if (rng.chance(1, 8)) {
    settings.push({ kind: 'db-handler', set_rf: rng.pick(DB_HANDLER_SET_RF), clear_dr6: rng.chance(1, 2) })
  }
  for (const unit of insns) settings.push(unit)
  return { seed, index, units: settings }
}
