import { hex, type AddressRef, type DebugRegs, type GuestDebugFlag, type GuestDebugSetting, type Scenario } from '../types'
import type { BreakpointTarget, FuzzUnit, GuestInsn, InsnUnit, SettingUnit } from './fuzz-case'

const RESET_DR7 = 0x400n
const DR7_GD = 0x2000n
const IO_PORT = 0x80
/** uapi bit order, so a control list reads the same however its units were listed. */
const GUEST_DEBUG_ORDER: GuestDebugFlag[] = ['ENABLE', 'SINGLESTEP', 'USE_SW_BP', 'USE_HW_BP', 'INJECT_DB', 'INJECT_BP', 'BLOCKIRQ']

/** AT&T source of a fuzz program: each instruction labelled `i<id>`, then `hlt`, then the watched quadword. */
export function renderAsm(insns: readonly InsnUnit[]): string {
  const lines: string[] = []
  for (const unit of insns) {
    const [setup, main] = insnText(unit.insn)
    if (setup) lines.push(setup)
    if (unit.fep) lines.push('KVM_FEP')
    lines.push(`${label(unit.id)}: ${main}`)
  }
  lines.push('hlt', '.align 8', 'data: .quad 0')
  return `${lines.join('\n')}\n`
}

function insnText(insn: GuestInsn): [string | undefined, string] {
  switch (insn.op) {
    case 'nop': return [undefined, 'nop']
    case 'sti': return [undefined, 'sti']
    case 'cli': return [undefined, 'cli']
    case 'mov-ss': return ['mov %ss, %ax', 'mov %ax, %ss']
    case 'icebp': return [undefined, 'int1']
    case 'int3': return [undefined, 'int3']
    case 'cpuid': return [undefined, 'cpuid']
    case 'in': return [undefined, `in $${hex(IO_PORT)}, %al`]
    case 'out': return [undefined, `out %al, $${hex(IO_PORT)}`]
    case 'load': return [undefined, 'mov data(%rip), %rax']
    case 'store': return [undefined, 'mov %rax, data(%rip)']
    case 'mov-from-dr': return [undefined, `mov %dr${insn.dr}, %rax`]
    case 'mov-to-dr': return [`mov $${hex(insn.value)}, %rax`, `mov %rax, %dr${insn.dr}`]
    case 'popf': return [`pushq $${hex(insn.rflags)}`, 'popfq']
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
  const insns = units.filter((u): u is InsnUnit => u.kind === 'insn')
  const settings = units.filter((u): u is SettingUnit => u.kind !== 'insn')
  const present = new Set(insns.map((u) => u.id))
  const targetAddress = (target: BreakpointTarget): AddressRef | undefined => {
    if ('code' in target) return present.has(target.code) ? { label: label(target.code), offset: 0n } : undefined
    if ('data' in target) return { label: 'data', offset: 0n }
    return BigInt(target.io)
  }

  const scenario: Scenario = {
    schema: 'patchlab.scenario/1',
    name,
    vendor: 'intel',
    guest: { asm: renderAsm(insns), cpl: 0 },
    vcpu: { regs: {}, rflags: 0x2n, dr: {}, cr4: { de: false }, cpuid: { rtm: true, bus_lock_detect: true } },
    kvm: { force_emulation_prefix: true, fep_clear_rflags_rf: false, exception_payload: false },
    vmm: [],
    handlers: {},
    limits: { instructions: 2000, exits: 64 },
    expect: {},
  }
  const dr: DebugRegs = {}
  let dr7 = RESET_DR7
  const guestDebugFlags = new Set<GuestDebugFlag>()
  const hostRegs: GuestDebugSetting['debugreg'] = {}
  let hostDr7 = RESET_DR7
  for (const s of settings) {
    switch (s.kind) {
      case 'rflags': scenario.vcpu.rflags |= s.bit; break
      case 'dr6': dr.dr6 = s.value; break
      case 'breakpoint': {
        const address = targetAddress(s.target)
        if (address === undefined) return undefined
        dr[slotName(s.slot)] = address
        dr7 |= enableBits(s.slot, s.target)
        break
      }
      case 'gd': dr7 |= DR7_GD; break
      case 'cr4-de': scenario.vcpu.cr4.de = true; break
      case 'payload-cap': scenario.kvm.exception_payload = true; break
      case 'vendor-amd': scenario.vendor = 'amd'; break
      case 'guest-debug': guestDebugFlags.add(s.flag); break
      case 'host-breakpoint': {
        const address = targetAddress(s.target)
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
  scenario.vcpu.dr = dr
  if (guestDebugFlags.size) {
    if (hostDr7 !== RESET_DR7) hostRegs.dr7 = hostDr7
    const control = GUEST_DEBUG_ORDER.filter((f) => f === 'ENABLE' || guestDebugFlags.has(f))
    scenario.kvm.guest_debug = { control, debugreg: hostRegs }
  }
  return scenario
}

function slotName(slot: number): 'dr0' | 'dr1' | 'dr2' | 'dr3' {
  return (['dr0', 'dr1', 'dr2', 'dr3'] as const)[slot]
}

/** DR7 local-enable bit plus the R/W and LEN fields of a slot (SDM Vol. 3 §18.2.4). */
export function enableBits(slot: number, target: BreakpointTarget): bigint {
  const rwlen = 'code' in target ? 0b0000n : 'data' in target ? (target.data === 'write' ? 0b1101n : 0b1111n) : 0b0010n
  return (1n << BigInt(2 * slot)) | (rwlen << BigInt(16 + 4 * slot))
}
