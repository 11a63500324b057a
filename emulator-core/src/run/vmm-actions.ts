import { GUESTDBG_FLAGS } from '../kvm/constants'
import type { KvmVcpu } from '../kvm/vcpu'
import {
  kvm_arch_vcpu_ioctl_set_guest_debug, kvm_vcpu_ioctl_x86_get_debugregs, kvm_vcpu_ioctl_x86_get_vcpu_events,
  kvm_vcpu_ioctl_x86_set_debugregs,
} from '../kvm/x86-ioctls'
import { hex, type Hex } from '../types/hex'
import type { DebugRegs, GprName, GuestDebugFlag, Scenario, VmmAction } from '../types/scenario'
import { resolveAddress } from './resolve-address'

const GPRS: GprName[] = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']

/** What a VMM action tells the run loop to do next. */
export type ActionFlow = 'continue' | 'resume' | 'stop'

export interface VmmContext {
  vcpu: KvmVcpu
  scenario: Scenario
  symbols: Record<string, bigint>
}

/** KVM_GUESTDBG_* names to the control word. */
export function guestDebugControl(flags: GuestDebugFlag[]): number {
  return flags.reduce((control, flag) => control | GUESTDBG_FLAGS[flag], 0)
}

export function actionName(action: VmmAction): string {
  return typeof action === 'string' ? action : Object.keys(action)[0]
}

/** Performs one userspace action; returns its result (get_*, or an ioctl error) and the flow. */
export function performVmmAction(ctx: VmmContext, action: VmmAction): { result?: Record<string, Hex | number | boolean | string>; flow: ActionFlow } {
  const { vcpu } = ctx
  const addr = (ref: Parameters<typeof resolveAddress>[0], key: string): bigint => resolveAddress(ref, ctx.symbols, ctx.scenario, key)
  if (action === 'resume') return { flow: 'resume' }
  if (action === 'stop') return { flow: 'stop' }
  if (action === 'get_vcpu_events') {
    const e = kvm_vcpu_ioctl_x86_get_vcpu_events(vcpu)
    return {
      flow: 'continue',
      result: {
        injected: e.injected, pending: e.pending, nr: e.nr, has_error_code: e.has_error_code, error_code: hex(e.error_code),
        exception_has_payload: e.exception_has_payload, exception_payload: hex(e.exception_payload), shadow: e.shadow, flags: hex(e.flags),
      },
    }
  }
  if (action === 'get_debugregs') {
    const d = kvm_vcpu_ioctl_x86_get_debugregs(vcpu)
    return { flow: 'continue', result: { db0: hex(d.db[0]), db1: hex(d.db[1]), db2: hex(d.db[2]), db3: hex(d.db[3]), dr6: hex(d.dr6), dr7: hex(d.dr7) } }
  }
  if (action === 'get_regs') {
    const result: Record<string, Hex> = { rip: hex(vcpu.cpu.getRip()), rflags: hex(vcpu.cpu.getRflags()) }
    GPRS.forEach((name, i) => (result[name] = hex(vcpu.cpu.getReg(i))))
    return { flow: 'continue', result }
  }
  if ('set_debugregs' in action) {
    const current = kvm_vcpu_ioctl_x86_get_debugregs(vcpu)
    const regs: DebugRegs = action.set_debugregs
    const db = [regs.dr0, regs.dr1, regs.dr2, regs.dr3].map((r, i) => (r === undefined ? current.db[i] : addr(r, `set_debugregs.dr${i}`)))
    const rc = kvm_vcpu_ioctl_x86_set_debugregs(vcpu, { db, dr6: regs.dr6 ?? current.dr6, dr7: regs.dr7 ?? current.dr7 })
    return { flow: 'continue', ...(rc ? { result: { error: rc } } : {}) }
  }
  if ('set_guest_debug' in action) {
    const { control, debugreg = {} } = action.set_guest_debug
    const regs = [debugreg.dr0, debugreg.dr1, debugreg.dr2, debugreg.dr3].map((r, i) => (r === undefined ? 0n : addr(r, `set_guest_debug.debugreg.dr${i}`)))
    const rc = kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, { control: guestDebugControl(control), debugreg: [...regs, 0n, 0n, 0n, debugreg.dr7 ?? 0n] })
    return { flow: 'continue', ...(rc ? { result: { error: rc } } : {}) }
  }
  if ('set_regs' in action) {
    for (const [name, value] of Object.entries(action.set_regs)) {
      if (value === undefined) continue
      if (name === 'rip') {
        vcpu.cpu.setRip(value === 'next' ? nextRip(vcpu) : addr(value, 'set_regs.rip'))
      } else if (name === 'rflags') vcpu.cpu.setRflags(addr(value as bigint, 'set_regs.rflags'))
      else vcpu.cpu.setReg(GPRS.indexOf(name as GprName), addr(value as bigint, `set_regs.${name}`))
    }
    return { flow: 'continue' }
  }
  // KVM_INTERRUPT: userspace irqchip queues an external interrupt.
  vcpu.pending_irq = action.inject_irq
  return { flow: 'continue' }
}

/** The address of the instruction after the current RIP. */
function nextRip(vcpu: KvmVcpu): bigint {
  const insn = vcpu.cpu.decodeAt(vcpu.cpu.getLinearRip())
  return 'kind' in insn ? vcpu.cpu.getRip() : vcpu.cpu.getRip() + BigInt(insn.length)
}
