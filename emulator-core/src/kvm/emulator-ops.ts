import type { ControlRegister } from '../cpu/seam'
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

// x86.c: emulate_ops (emulator_get_dr, emulator_set_dr, emulator_get_effective_dr7, emulator_get_cr, emulator_get_cpl)
export function emulate_ops(vcpu: KvmVcpu): EmulatorOps {
  return {
    vcpu,
    get_dr: (dr) => vcpu.fn.kvm_get_dr(vcpu, dr),
    set_dr: (dr, value) => vcpu.fn.kvm_set_dr(vcpu, dr, value),
    get_effective_dr7: () => kvm_get_eff_dr7(vcpu),
    get_cr: (cr) => vcpu.cpu.getCr(cr as ControlRegister),
    cpl: () => vcpu.cpu.getCpl(),
    get_gpr: (index) => vcpu.cpu.getReg(index),
  }
}
