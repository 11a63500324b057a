/**
 * The MSRs of SYSCALL/SWAPGS and RDTSCP (SDM Vol. 4 Table 2-2; Vol. 3 §5.8.8, §17.17): IA32_STAR,
 * IA32_LSTAR, IA32_CSTAR, IA32_FMASK, IA32_FS_BASE, IA32_GS_BASE, IA32_KERNEL_GS_BASE, IA32_TSC_AUX.
 * The model's segments are flat: FS/GS bases are stored (SWAPGS exchanges GS_BASE with
 * KERNEL_GS_BASE, RDMSR reads them) but FS:/GS:-prefixed operands do not add them.
 */
import type { Vendor } from './seam'

export const MSR_STAR = 0xc0000081
export const MSR_LSTAR = 0xc0000082
export const MSR_CSTAR = 0xc0000083
export const MSR_FMASK = 0xc0000084
export const MSR_FS_BASE = 0xc0000100
export const MSR_GS_BASE = 0xc0000101
export const MSR_KERNEL_GS_BASE = 0xc0000102
export const MSR_TSC_AUX = 0xc0000103

/** Bits 63:47 all equal (48-bit linear addresses, as the model's CPUID reports). */
function canonical(value: bigint): boolean {
  const top = BigInt.asUintN(64, value) >> 47n
  return top === 0n || top === 0x1ffffn
}

export class SyscallMsrs {
  star = 0n
  lstar = 0n
  cstar = 0n
  fmask = 0n
  fsBase = 0n
  gsBase = 0n
  kernelGsBase = 0n
  tscAux = 0n

  read(msr: number): bigint | undefined {
    switch (msr) {
      case MSR_STAR: return this.star
      case MSR_LSTAR: return this.lstar
      case MSR_CSTAR: return this.cstar
      case MSR_FMASK: return this.fmask
      case MSR_FS_BASE: return this.fsBase
      case MSR_GS_BASE: return this.gsBase
      case MSR_KERNEL_GS_BASE: return this.kernelGsBase
      case MSR_TSC_AUX: return this.tscAux
      default: return undefined
    }
  }

  /**
   * WRMSR: the address MSRs must be canonical (#GP otherwise); FMASK bits 63:32 are reserved;
   * TSC_AUX bits 63:32 are reserved on Intel and ignored on AMD (as kvm_set_msr_common() MSR_TSC_AUX
   * describes both). Returns false for #GP, undefined for an MSR not held here.
   */
  write(msr: number, value: bigint, vendor: Vendor): boolean | undefined {
    const v = BigInt.asUintN(64, value)
    switch (msr) {
      case MSR_STAR: this.star = v; return true
      case MSR_LSTAR: return canonical(v) && ((this.lstar = v), true)
      case MSR_CSTAR: return canonical(v) && ((this.cstar = v), true)
      case MSR_FMASK: return v >> 32n === 0n && ((this.fmask = v), true)
      case MSR_FS_BASE: return canonical(v) && ((this.fsBase = v), true)
      case MSR_GS_BASE: return canonical(v) && ((this.gsBase = v), true)
      case MSR_KERNEL_GS_BASE: return canonical(v) && ((this.kernelGsBase = v), true)
      case MSR_TSC_AUX:
        if (vendor === 'intel' && v >> 32n !== 0n) return false
        this.tscAux = v & 0xffffffffn
        return true
      default: return undefined
    }
  }
}
