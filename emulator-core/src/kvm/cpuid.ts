import type { KvmVcpu } from './vcpu'

const VENDOR_WORDS = {
  // "GenuineIntel" / "AuthenticAMD" as EBX, EDX, ECX.
  intel: [0x756e6547, 0x49656e69, 0x6c65746e],
  amd: [0x68747541, 0x69746e65, 0x444d4163],
} as const

/** cpuid.c: kvm_cpuid() — the guest CPUID PatchLab exposes: vendor, and RTM / BUS_LOCK_DETECT in leaf 7. */
export function kvm_cpuid(vcpu: KvmVcpu, leaf: number, subleaf: number): [number, number, number, number] {
  if (leaf === 0) {
    const [ebx, edx, ecx] = VENDOR_WORDS[vcpu.vendor]
    return [7, ebx, ecx, edx]
  }
  if (leaf === 7 && subleaf === 0) {
    const ebx = vcpu.cpuid.rtm ? 1 << 11 : 0
    const ecx = vcpu.cpuid.bus_lock_detect ? 1 << 24 : 0
    return [0, ebx, ecx, 0]
  }
  return [0, 0, 0, 0]
}
