/**
 * The CPU's fixed CPUID table (SDM Vol. 2 "CPUID"; AMD APM Vol. 3 Appendix E): just what guests of
 * the debug tests look at: vendor string, leaf 1 feature bits (DE among them), leaf 7 RTM and
 * BUS_LOCK_DETECT, and the extended leaves for long mode.
 */
import type { CpuFeatures, Vendor } from './seam'

/** A 4-character register value of a vendor string (little-endian bytes). */
function chars(text: string): number {
  return (text.charCodeAt(0) | (text.charCodeAt(1) << 8) | (text.charCodeAt(2) << 16) | (text.charCodeAt(3) << 24)) >>> 0
}

/** Leaf 1 EDX: FPU, DE, PSE, TSC, MSR, PAE, CX8, APIC, PGE, CMOV. */
const LEAF1_EDX = (1 << 0) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (1 << 9) | (1 << 13) | (1 << 15)
/** Leaf 0x80000001 EDX: SYSCALL, NX, RDTSCP, LM. */
const EXT1_EDX = ((1 << 11) | (1 << 20) | (1 << 27) | (1 << 29)) >>> 0
/** Leaf 0x80000001 ECX: LAHF/SAHF in 64-bit mode. */
const EXT1_ECX = 1

export const CPUID_RTM_EBX_BIT = 1 << 11
export const CPUID_BUS_LOCK_DETECT_ECX_BIT = 1 << 24

export function cpuidLeaf(vendor: Vendor, features: CpuFeatures, leaf: number, subleaf: number): [number, number, number, number] {
  switch (leaf >>> 0) {
    case 0:
      return vendor === 'intel'
        ? [0xd, chars('Genu'), chars('ntel'), chars('ineI')]
        : [0xd, chars('Auth'), chars('cAMD'), chars('enti')]
    case 1:
      // Family 6 model 0x55 (Intel) / family 0x17 (AMD): plausible, never inspected by the tests.
      return [vendor === 'intel' ? 0x00050654 : 0x00800f12, 0x00000800, 0, LEAF1_EDX]
    case 7:
      if (subleaf !== 0) return [0, 0, 0, 0]
      return [0, features.rtm ? CPUID_RTM_EBX_BIT : 0, features.busLockDetect ? CPUID_BUS_LOCK_DETECT_ECX_BIT : 0, 0]
    case 0x80000000:
      return [0x80000008, 0, 0, 0]
    case 0x80000001:
      return [0, 0, EXT1_ECX, EXT1_EDX]
    case 0x80000008:
      // 48-bit linear, 46-bit physical addresses.
      return [0x302e, 0, 0, 0]
    default:
      return [0, 0, 0, 0]
  }
}
