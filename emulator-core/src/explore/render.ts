import { hex, type AddressRef, type DebugRegs, type GuestDebugFlag, type GuestDebugSetting, type Scenario } from '../types'
import type { BreakpointTarget, FuzzUnit, GuestInsn, InsnUnit } from './fuzz-case'

const RESET_DR7 = 0x400n
const DR7_GD = 0x2000n
const IO_PORT = 0x80
const IN_TEXT = `in $${hex(IO_PORT)}, %al`
const OUT_TEXT = `out %al, $${hex(IO_PORT)}`
/** uapi bit order, so a control list reads the same however its units were listed. */
const GUEST_DEBUG_ORDER: GuestDebugFlag[] = ['ENABLE', 'SINGLESTEP', 'USE_SW_BP', 'USE_HW_BP', 'INJECT_DB', 'INJECT_BP', 'BLOCKIRQ']

/** AT&T source of a fuzz program: each instruction labelled `i<id>`, then `hlt`, then the watched quadword. */
export function renderAsm(insns: readonly InsnUnit[]): string {
  const lines: string[] = []
  for (const unit of insns) {
    const setup = setupText(unit.insn)
    if (setup) lines.push(setup)
    if (unit.fep) lines.push('KVM_FEP')
    lines.push(`${label(unit.id)}: ${insnText(unit.insn)}`)
  }
  lines.push('hlt', '.align 8', 'data: .quad 0')
  return `${lines.join('\n')}\n`
}

/** The instruction some ops need before their own (unlabelled, and outside the forced emulation). */
function setupText(insn: GuestInsn): string | undefined {
  switch (insn.op) {
    case 'mov-ss': return 'mov %ss, %ax'
    case 'mov-to-dr': return `mov $${hex(insn.value)}, %rax`
    case 'popf': return `pushq $${hex(insn.rflags)}`
    default: return undefined
  }
}

function insnText(insn: GuestInsn): string {
  switch (insn.op) {
    case 'nop': return 'nop'
    case 'sti': return 'sti'
    case 'cli': return 'cli'
    case 'mov-ss': return 'mov %ax, %ss'
    case 'icebp': return 'int1'
    case 'int3': return 'int3'
    case 'cpuid': return 'cpuid'
    case 'in': return IN_TEXT
    case 'out': return OUT_TEXT
    case 'load': return 'mov data(%rip), %rax'
    case 'store': return 'mov %rax, data(%rip)'
    case 'mov-from-dr': return `mov %dr${insn.dr}, %rax`
    case 'mov-to-dr': return `mov %rax, %dr${insn.dr}`
    case 'popf': return 'popfq'
  }
}

function label(id: number): string {
  return `i${id}`
}

/**
 * The scenario a fuzz case stands for, or undefined when it cannot be built (a breakpoint names an
 * instruction that delta debugging removed).
 */
export function renderScenario(units: readonly FuzzUnit[], name: string): Scenario | undefined {
  const insns: InsnUnit[] = []
  for (const u of units) if (u.kind === 'insn') insns.push(u)

  const dr: DebugRegs = {}
  const scenario: Scenario = {
    schema: 'patchlab.scenario/1',
    name,
    vendor: 'intel',
    guest: { asm: renderAsm(insns), cpl: 0 },
    vcpu: { regs: {}, rflags: 0x2n, dr, cr4: { de: false }, cpuid: { rtm: true, bus_lock_detect: true } },
    kvm: { force_emulation_prefix: true, fep_clear_rflags_rf: false, exception_payload: false },
    vmm: [],
    handlers: {},
    limits: { instructions: 2000, exits: 64 },
    expect: {},
  }
  let dr7 = RESET_DR7
  const guestDebugFlags: GuestDebugFlag[] = []
  const hostRegs: GuestDebugSetting['debugreg'] = {}
  let hostDr7 = RESET_DR7
  for (const s of units) {
    switch (s.kind) {
      case 'insn': break
      case 'rflags': scenario.vcpu.rflags |= s.bit; break
      case 'dr6': dr.dr6 = s.value; break
      case 'breakpoint': {
        const address = targetAddress(s.target, insns)
        if (address === undefined) return undefined
        dr[slotName(s.slot)] = address
        dr7 |= enableBits(s.slot, s.target)
        break
      }
      case 'gd': dr7 |= DR7_GD; break
      case 'cr4-de': scenario.vcpu.cr4.de = true; break
      case 'payload-cap': scenario.kvm.exception_payload = true; break
      case 'vendor-amd': scenario.vendor = 'amd'; break
      case 'guest-debug': guestDebugFlags.push(s.flag); break
      case 'host-breakpoint': {
        const address = targetAddress(s.target, insns)
        if (address === undefined) return undefined
        hostRegs[slotName(s.slot)] = address
        hostDr7 |= enableBits(s.slot, s.target)
        break
      }
      case 'host-gd': hostDr7 |= DR7_GD; break
      case 'nested': scenario.kvm.nested = { l1_intercepts: [...s.l1_intercepts] }; break
      case 'vmm': scenario.vmm.push(s.rule); break
      case 'db-handler': scenario.handlers.DB = { kind: 'recorder', set_rf: s.set_rf, clear_dr6: s.clear_dr6 }; break
    }
  }
  if (dr7 !== RESET_DR7) dr.dr7 = dr7
  if (guestDebugFlags.length) {
    if (hostDr7 !== RESET_DR7) hostRegs.dr7 = hostDr7
    const control = GUEST_DEBUG_ORDER.filter((f) => f === 'ENABLE' || guestDebugFlags.includes(f))
    scenario.kvm.guest_debug = { control, debugreg: hostRegs }
  }
  return scenario
}

function targetAddress(target: BreakpointTarget, insns: readonly InsnUnit[]): AddressRef | undefined {
  if ('code' in target) return insns.some((u) => u.id === target.code) ? { label: label(target.code), offset: 0n } : undefined
  if ('data' in target) return { label: 'data', offset: 0n }
  return BigInt(target.io)
}

function slotName(slot: number): 'dr0' | 'dr1' | 'dr2' | 'dr3' {
  return (['dr0', 'dr1', 'dr2', 'dr3'] as const)[slot]
}

/** DR7 local-enable bit plus the R/W and LEN fields of a slot (SDM Vol. 3 §18.2.4). */
export function enableBits(slot: number, target: BreakpointTarget): bigint {
  const rwlen = 'code' in target ? 0b0000n : 'data' in target ? (target.data === 'write' ? 0b1101n : 0b1111n) : 0b0010n
  return (1n << BigInt(2 * slot)) | (rwlen << BigInt(16 + 4 * slot))
}
