import { hex } from '../types/hex'
import {
  BP_VECTOR, DB_VECTOR, DF_VECTOR, KVM_GUESTDBG_BLOCKIRQ, NMI_VECTOR, OF_VECTOR, X86_EFLAGS_IF, X86_EFLAGS_RF,
} from './constants'
import { kvmX86Ops } from './kvm-x86-ops'
import { guestLevel, type KvmVcpu } from './vcpu'
import { deliverDbPayloadAndClearGd } from './x86-exception-payload'
import { __kvm_set_rflags, kvm_get_rflags } from './x86-rflags'

/** x86.c: exception_type() == EXCPT_FAULT — every vector but #DB, #BP/#OF (traps), NMI, #DF/#MC (aborts). */
function isFaultClass(vector: number): boolean {
  return ![DB_VECTOR, BP_VECTOR, OF_VECTOR, NMI_VECTOR, DF_VECTOR, 18].includes(vector)
}

/**
 * x86.c: kvm_check_and_inject_events() — re-inject an injected exception, else inject a pending one
 * (#DB: deliver the payload, clear GUEST DR7.GD), else an external interrupt when the guest can take it.
 */
export function kvm_check_and_inject_events(vcpu: KvmVcpu): void {
  const ex = vcpu.exception
  if (ex.injected) {
    kvmX86Ops(vcpu).inject_exception(vcpu)
    return
  }
  if (ex.pending) {
    if (isFaultClass(ex.vector)) __kvm_set_rflags(vcpu, kvm_get_rflags(vcpu) | X86_EFLAGS_RF)
    const before = vcpu.dr6
    const hadPayload = ex.has_payload
    const payload = ex.payload
    if (ex.vector === DB_VECTOR) deliverDbPayloadAndClearGd(vcpu, ex)
    kvmX86Ops(vcpu).inject_exception(vcpu)
    ex.pending = false
    ex.injected = true
    if (vcpu.trace.recording) vcpu.trace.emit({
      kind: 'exception', action: 'injected', vector: ex.vector,
      ...(ex.has_error_code ? { error_code: hex(ex.error_code) } : {}),
      has_payload: hadPayload, ...(hadPayload ? { payload: hex(payload) } : {}),
      dr6_before: hex(before), dr6_after: hex(vcpu.dr6), rip: hex(vcpu.cpu.getRip()), level: guestLevel(vcpu),
      by: 'kvm_check_and_inject_events',
    })
    return
  }
  if (vcpu.pending_irq === undefined || vcpu.guest_debug & KVM_GUESTDBG_BLOCKIRQ) return
  const canInject = vcpu.cpu.getRflags() & X86_EFLAGS_IF && vcpu.cpu.getInterruptShadow() === 'none'
  if (canInject) {
    vcpu.entry_event = { type: 'external-interrupt', vector: vcpu.pending_irq }
    vcpu.pending_irq = undefined
  } else {
    // x86.c: kvm_x86_ops.enable_irq_window()
    vcpu.cpu.intercepts.interruptWindowExiting = true
  }
}
