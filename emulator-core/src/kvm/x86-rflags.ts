import { KVM_GUESTDBG_SINGLESTEP, X86_EFLAGS_TF } from './constants'
import type { KvmVcpu } from './vcpu'

// x86.c: kvm_get_linear_rip()
export function kvm_get_linear_rip(vcpu: KvmVcpu): bigint {
  return vcpu.cpu.getLinearRip()
}

// x86.c: kvm_is_linear_rip()
export function kvm_is_linear_rip(vcpu: KvmVcpu, linearRip: bigint): boolean {
  return kvm_get_linear_rip(vcpu) === linearRip
}

/** x86.c: kvm_get_rflags() — hides TF while host single-step owns it. */
export function kvm_get_rflags(vcpu: KvmVcpu): bigint {
  const rflags = vcpu.cpu.getRflags()
  return vcpu.guest_debug & KVM_GUESTDBG_SINGLESTEP ? rflags & ~X86_EFLAGS_TF : rflags
}

/** x86.c: __kvm_set_rflags() — re-applies KVM's TF while RIP is still singlestep_rip. */
export function __kvm_set_rflags(vcpu: KvmVcpu, rflags: bigint): void {
  let value = rflags
  if (vcpu.guest_debug & KVM_GUESTDBG_SINGLESTEP && kvm_is_linear_rip(vcpu, vcpu.singlestep_rip)) value |= X86_EFLAGS_TF
  vcpu.cpu.setRflags(value)
}

// x86.c: kvm_set_rflags()
export function kvm_set_rflags(vcpu: KvmVcpu, rflags: bigint): void {
  __kvm_set_rflags(vcpu, rflags)
}
