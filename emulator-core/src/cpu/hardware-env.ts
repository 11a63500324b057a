/**
 * The hardware side of DR/CR/MSR/port/CPUID/HLT accesses: what MOV DR, MOV CR, RDMSR/WRMSR, IN/OUT,
 * CPUID and HLT do on bare metal. A machine runs its instructions against this env, or against KVM's
 * emulator ops while it emulates one (Machine.env).
 */
import { bigU32 } from './caches'
import { DEBUGCTL_VALID, DR6_VOLATILE, DR7_FIXED_1, DR7_VOLATILE, EFER_LMA, EFER_LME, EFER_NXE, EFER_SCE, MSR_EFER, MSR_IA32_DEBUGCTL } from './constants'
import { cpuidLeaf } from './cpuid'
import type { Machine } from './machine'
import type { ControlRegister, ExecEnv } from './seam'

/** Devices on I/O ports, outside any intercept. */
export interface PortIo {
  in(port: number, size: 1 | 2 | 4): number
  out(port: number, size: 1 | 2 | 4, value: number): void
}

/** No device on any port: reads float high (all ones), writes go nowhere. Shared: machines replace, never mutate, it. */
export const UNCONNECTED_PORTS: PortIo = {
  in: (_port, size) => (size === 4 ? 0xffffffff : (1 << (size * 8)) - 1),
  out: () => {},
}

/** One object per machine, no closures. */
export class HardwareEnv implements ExecEnv {
  constructor(private readonly m: Machine) {}

  getDr(n: number): bigint {
    const m = this.m
    return n < 4 ? m.dr[n] : bigU32(n === 6 || n === 4 ? m.dr6 : m.dr7)
  }

  /** MOV to DRn on hardware: bits 63:32 of DR6/DR7 must be 0 (#GP); fixed bits read back fixed. */
  setDr(n: number, value: bigint): boolean {
    const m = this.m
    if (n < 4) {
      m.dr[n] = BigInt.asUintN(64, value)
      m.refreshBreakpoints()
      return true
    }
    if (value >> 32n !== 0n) return false
    const v = Number(value)
    if (n === 6 || n === 4) {
      m.dr6 = ((v & DR6_VOLATILE) | m.dr6Fixed()) >>> 0
    } else {
      m.dr7 = ((v & DR7_VOLATILE) | DR7_FIXED_1) >>> 0
      m.refreshBreakpoints()
    }
    return true
  }

  getCr(cr: ControlRegister): bigint {
    const m = this.m
    switch (cr) {
      case 0:
        return bigU32(m.cr0 >>> 0)
      case 2:
        return m.cr2
      case 3:
        return m.cr3
      case 4:
        return bigU32(m.cr4 >>> 0)
      case 8:
        return bigU32(m.cr8)
    }
  }

  /** MOV to CRn: bits 63:32 of CR0/CR4 and bits 63:4 of CR8 are reserved (#GP). */
  setCr(cr: ControlRegister, value: bigint): boolean {
    const m = this.m
    switch (cr) {
      case 0:
        if (value >> 32n !== 0n) return false
        m.cr0 = Number(value)
        return true
      case 2:
        m.cr2 = BigInt.asUintN(64, value)
        return true
      case 3:
        m.cr3 = BigInt.asUintN(64, value)
        return true
      case 4:
        if (value >> 32n !== 0n) return false
        m.cr4 = Number(value)
        m.refreshBreakpoints()
        return true
      case 8:
        if (value >> 4n !== 0n) return false
        m.cr8 = Number(value)
        return true
    }
  }

  pioIn(port: number, size: 1 | 2 | 4): number {
    return this.m.portIo.in(port, size)
  }

  pioOut(port: number, size: 1 | 2 | 4, value: number): void {
    this.m.portIo.out(port, size, value)
  }

  rdmsr(msr: number): bigint | undefined {
    const m = this.m
    if (msr === MSR_EFER) return BigInt(m.efer)
    if (msr === MSR_IA32_DEBUGCTL) return m.debugctl
    return undefined
  }

  /** WRMSR: EFER may change SCE/NXE only (long mode stays on); DEBUGCTL accepts LBR, BTF and, with the feature, BUS_LOCK_DETECT. */
  wrmsr(msr: number, value: bigint): boolean {
    const m = this.m
    if (msr === MSR_EFER) {
      const keep = BigInt(EFER_LME | EFER_LMA)
      if ((value & ~BigInt(EFER_SCE | EFER_NXE | EFER_LME | EFER_LMA)) !== 0n || (value & keep) !== keep) return false
      m.efer = Number(value)
      return true
    }
    if (msr === MSR_IA32_DEBUGCTL) {
      const valid = m.features.busLockDetect ? DEBUGCTL_VALID : DEBUGCTL_VALID & ~0x4n
      if ((value & ~valid) !== 0n) return false
      m.debugctl = value
      return true
    }
    return false
  }

  cpuid(leaf: number, subleaf: number): [number, number, number, number] {
    return cpuidLeaf(this.m.vendor, this.m.features, leaf, subleaf)
  }

  halt(): void {
    this.m.halted = true
  }
}
