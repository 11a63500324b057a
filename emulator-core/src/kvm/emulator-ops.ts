import type { ControlRegister } from '../cpu/seam'
import { sharedEmulatorOps } from './caches'
import { kvm_get_eff_dr7 } from './x86-debugregs'
import type { KvmVcpu } from './vcpu'

/** kvm_emulate.h: struct x86_emulate_ops — the only way KVM's emulator reaches the vCPU. */
export interface EmulatorOps {
  vcpu: KvmVcpu
  get_dr(dr: number): bigint
  /** 0 on success, 1 on an invalid value. */
  set_dr(dr: number, value: bigint): number
  /** Added by v3-04 (51543660c521); PRE's emulator never calls it. */
  get_effective_dr7(): bigint
  get_cr(cr: number): bigint
  cpl(): number
  get_gpr(index: number): bigint
}

// A class rather than an object of closures: methods on the prototype cost nothing per vCPU.
class VcpuEmulatorOps implements EmulatorOps {
  constructor(readonly vcpu: KvmVcpu) {}
  // x86.c: emulator_get_dr()
  get_dr(dr: number): bigint {
    return this.vcpu.fn.kvm_get_dr(this.vcpu, dr)
  }
  // x86.c: emulator_set_dr()
  set_dr(dr: number, value: bigint): number {
    return this.vcpu.fn.kvm_set_dr(this.vcpu, dr, value)
  }
  // x86.c: emulator_get_effective_dr7()
  get_effective_dr7(): bigint {
    return kvm_get_eff_dr7(this.vcpu)
  }
  // x86.c: emulator_get_cr()
  get_cr(cr: number): bigint {
    return this.vcpu.cpu.getCr(cr as ControlRegister)
  }
  // x86.c: emulator_get_cpl()
  cpl(): number {
    return this.vcpu.cpu.getCpl()
  }
  // x86.c: emulator_read_gpr()
  get_gpr(index: number): bigint {
    return this.vcpu.cpu.getReg(index)
  }
}

// x86.c: emulate_ops (emulator_get_dr, emulator_set_dr, emulator_get_effective_dr7, emulator_get_cr, emulator_get_cpl)
export function emulate_ops(vcpu: KvmVcpu): EmulatorOps {
  // The ops only read through their vCPU, so each vCPU keeps one (see ./caches).
  return sharedEmulatorOps(vcpu, newEmulatorOps)
}

function newEmulatorOps(vcpu: KvmVcpu): EmulatorOps {
  return new VcpuEmulatorOps(vcpu)
}
