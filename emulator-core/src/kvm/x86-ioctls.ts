import {
  BP_VECTOR, DB_VECTOR, OF_VECTOR, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_INJECT_BP, KVM_GUESTDBG_INJECT_DB, KVM_GUESTDBG_SINGLESTEP,
  KVM_GUESTDBG_USE_HW_BP, KVM_VCPUEVENT_VALID_NMI_PENDING, KVM_VCPUEVENT_VALID_PAYLOAD, KVM_VCPUEVENT_VALID_SHADOW,
  KVM_VCPUEVENT_VALID_SMM,
} from './constants'
import { update_exception_bitmap } from './exception-bitmap'
import { kvm_deliver_exception_payload } from './x86-exception-payload'
import { shadowFromUapi, shadowToUapi } from './interrupt-shadow'
import { kvm_get_linear_rip, kvm_get_rflags, kvm_set_rflags } from './x86-rflags'
import type { KvmVcpu, QueuedException } from './vcpu'

/** Result of an ioctl: 0 or a negative errno, as the kernel returns it. */
export const EINVAL = -22
export const EBUSY = -16

// x86.c: kvm_handle_exception_payload_quirk() — without the cap, GET_* deliver a pending payload first.
export function kvm_handle_exception_payload_quirk(vcpu: KvmVcpu): void {
  const ex = vcpu.exception
  if (!vcpu.exception_payload_enabled && ex.pending && ex.has_payload) kvm_deliver_exception_payload(vcpu, ex)
}

// x86.c: kvm_get_exception_to_save()
function kvm_get_exception_to_save(vcpu: KvmVcpu): QueuedException {
  const ex = vcpu.exception
  if (vcpu.exception_vmexit.pending && !ex.pending && !ex.injected) return vcpu.exception_vmexit
  return ex
}

/** The `struct kvm_vcpu_events` fields PatchLab reports (uapi names, exception part and shadow). */
export interface VcpuEvents {
  injected: number
  pending: number
  nr: number
  has_error_code: number
  error_code: number
  exception_has_payload: number
  exception_payload: bigint
  shadow: number
  flags: number
}

// x86.c: kvm_vcpu_ioctl_x86_get_vcpu_events()
export function kvm_vcpu_ioctl_x86_get_vcpu_events(vcpu: KvmVcpu): VcpuEvents {
  vcpu.fn.kvm_handle_exception_payload_quirk(vcpu)
  const ex = kvm_get_exception_to_save(vcpu)
  // Soft exceptions (#BP, #OF) are not reported: the API has no instruction length for them.
  const soft = ex.vector === BP_VECTOR || ex.vector === OF_VECTOR
  let injected = !soft && ex.injected
  // ABI: without the cap, a pending exception is reported as injected.
  if (!soft && !vcpu.exception_payload_enabled) injected ||= ex.pending
  return {
    injected: Number(injected),
    pending: Number(!soft && ex.pending),
    nr: ex.vector,
    has_error_code: Number(ex.has_error_code),
    error_code: ex.error_code,
    exception_has_payload: Number(ex.has_payload),
    exception_payload: ex.payload,
    shadow: shadowToUapi(vcpu.cpu.getInterruptShadow()),
    // x86.c: NMI_PENDING | SHADOW | SMM are always valid; PAYLOAD with the cap.
    flags: KVM_VCPUEVENT_VALID_NMI_PENDING | KVM_VCPUEVENT_VALID_SHADOW | KVM_VCPUEVENT_VALID_SMM | (vcpu.exception_payload_enabled ? KVM_VCPUEVENT_VALID_PAYLOAD : 0),
  }
}

// x86.c: kvm_vcpu_ioctl_x86_set_vcpu_events() (exception part)
export function kvm_vcpu_ioctl_x86_set_vcpu_events(vcpu: KvmVcpu, events: VcpuEvents): number {
  if (events.flags & KVM_VCPUEVENT_VALID_PAYLOAD) {
    if (!vcpu.exception_payload_enabled) return EINVAL
    if (events.pending && events.injected) return EINVAL
    if (events.exception_has_payload && events.nr === 8) return EINVAL
  }
  const ex = vcpu.exception
  if (events.flags & KVM_VCPUEVENT_VALID_PAYLOAD) {
    ex.pending = Boolean(events.pending)
    ex.has_payload = Boolean(events.exception_has_payload)
    ex.payload = events.exception_payload
  } else {
    ex.pending = false
    ex.has_payload = false
    ex.payload = 0n
  }
  // A pending exception is not also injected.
  ex.injected = Boolean(events.injected) && !ex.pending
  ex.vector = events.nr
  ex.has_error_code = Boolean(events.has_error_code)
  ex.error_code = events.error_code
  vcpu.exception_from_userspace = ex.pending
  vcpu.exception_vmexit.pending = false
  if (events.flags & KVM_VCPUEVENT_VALID_SHADOW) vcpu.cpu.setInterruptShadow(shadowFromUapi(events.shadow))
  return 0
}

/** `struct kvm_debugregs`. */
export interface DebugRegsIoctl {
  db: bigint[]
  dr6: bigint
  dr7: bigint
}

// x86.c: kvm_vcpu_ioctl_x86_get_debugregs()
export function kvm_vcpu_ioctl_x86_get_debugregs(vcpu: KvmVcpu): DebugRegsIoctl {
  vcpu.fn.kvm_handle_exception_payload_quirk(vcpu)
  return { db: [...vcpu.db], dr6: vcpu.dr6, dr7: vcpu.dr7 }
}

/** x86.c: kvm_vcpu_ioctl_x86_set_debugregs() — DR6/DR7 are taken as given (no masking), upper bits checked. */
export function kvm_vcpu_ioctl_x86_set_debugregs(vcpu: KvmVcpu, regs: DebugRegsIoctl): number {
  if (regs.dr6 >> 32n || regs.dr7 >> 32n) return EINVAL
  for (let i = 0; i < 4; i++) vcpu.db[i] = regs.db[i]
  vcpu.fn.kvm_update_dr0123(vcpu)
  vcpu.dr6 = regs.dr6
  vcpu.dr7 = regs.dr7
  vcpu.fn.kvm_update_dr7(vcpu)
  return 0
}

/** `struct kvm_guest_debug`. */
export interface GuestDebugIoctl {
  control: number
  debugreg: bigint[]
}

// x86.c: kvm_arch_vcpu_ioctl_set_guest_debug() (docs/reference/kvm-db-semantics.md §2.12)
export function kvm_arch_vcpu_ioctl_set_guest_debug(vcpu: KvmVcpu, dbg: GuestDebugIoctl): number {
  if (dbg.control & (KVM_GUESTDBG_INJECT_DB | KVM_GUESTDBG_INJECT_BP)) {
    if (vcpu.exception.pending || vcpu.exception.injected) return EBUSY
    if (dbg.control & KVM_GUESTDBG_INJECT_DB) vcpu.fn.kvm_queue_exception(vcpu, DB_VECTOR)
    else vcpu.fn.kvm_queue_exception(vcpu, BP_VECTOR)
  }
  // Read before guest_debug changes so a KVM-injected TF is filtered out and re-applied below.
  const rflags = kvm_get_rflags(vcpu)
  vcpu.guest_debug = dbg.control & KVM_GUESTDBG_ENABLE ? dbg.control : 0
  if (vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP) {
    for (let i = 0; i < 4; i++) vcpu.eff_db[i] = dbg.debugreg[i] ?? 0n
    vcpu.guest_debug_dr7 = dbg.debugreg[7] ?? 0n
  } else {
    for (let i = 0; i < 4; i++) vcpu.eff_db[i] = vcpu.db[i]
  }
  vcpu.fn.kvm_update_dr7(vcpu)
  if (vcpu.guest_debug & KVM_GUESTDBG_SINGLESTEP) vcpu.singlestep_rip = kvm_get_linear_rip(vcpu)
  kvm_set_rflags(vcpu, rflags)
  update_exception_bitmap(vcpu)
  return 0
}
