import type { KvmVcpu } from './vcpu'

const VENDOR_WORDS = {
  // "GenuineIntel" / "AuthenticAMD" as EBX, EDX, ECX.
  intel: [0x756e6547, 0x49656e69, 0x6c65746e],
  amd: [0x68747541, 0x69746e65, 0x444d4163],
} as const

/** cpuid.c: kvm_cpuid() — the guest CPUID PatchLab exposes: vendor, RTM / BUS_LOCK_DETECT in leaf 7, the 64-bit extended features. */
export function kvm_cpuid(vcpu: KvmVcpu, leaf: number, subleaf: number): [number, number, number, number] {
  if (leaf === 0) {
    const [ebx, edx, ecx] = VENDOR_WORDS[vcpu.vendor]
    return [7, ebx, ecx, edx]
  }
  // The extended leaves a VMM copies from KVM_GET_SUPPORTED_CPUID for a 64-bit guest: LAHF_LM (ECX 0);
  // SYSCALL (EDX 11), NX (20), RDTSCP (27), LM (29) — set_efer() and the TSC_AUX MSR check against them.
  if (leaf === 0x80000000) return [0x80000001, 0, 0, 0]
  if (leaf === 0x80000001) return [0, 0, 1, ((1 << 11) | (1 << 20) | (1 << 27) | (1 << 29)) >>> 0]
  if (leaf === 7 && subleaf === 0) {
    const ebx = vcpu.cpuid.rtm ? 1 << 11 : 0
    const ecx = vcpu.cpuid.bus_lock_detect ? 1 << 24 : 0
    return [0, ebx, ecx, 0]
  }
  return [0, 0, 0, 0]
}
