import type { InterruptShadow } from '../cpu/seam'
import { KVM_X86_SHADOW_INT_MOV_SS, KVM_X86_SHADOW_INT_STI } from './constants'

/** The CPU's shadow as the uapi encodes it (kvm_vcpu_events.interrupt.shadow). */
export function shadowToUapi(shadow: InterruptShadow): number {
  if (shadow === 'sti') return KVM_X86_SHADOW_INT_STI
  if (shadow === 'mov-ss') return KVM_X86_SHADOW_INT_MOV_SS
  return 0
}

export function shadowFromUapi(mask: number): InterruptShadow {
  if (mask & KVM_X86_SHADOW_INT_MOV_SS) return 'mov-ss'
  if (mask & KVM_X86_SHADOW_INT_STI) return 'sti'
  return 'none'
}
