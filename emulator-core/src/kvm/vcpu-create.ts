import type { GuestCpu } from '../cpu/seam'
import type { RunMode, Vendor } from '../types/build'
import { DR6_ACTIVE_LOW, DR7_FIXED_1 } from './constants'
import { update_exception_bitmap } from './exception-bitmap'
import type { KvmFunctions } from './functions'
import type { TraceSink } from './trace-sink'
import { emptyException, type KvmVcpu } from './vcpu'

export interface VcpuSetup {
  cpu: GuestCpu
  functions: KvmFunctions
  trace: TraceSink
  vendor: Vendor
  mode: RunMode
  exceptionPayload: boolean
  /** kvm.force_emulation_prefix value (BIT(0) enable, BIT(1) clear RF). */
  forceEmulationPrefix: number
  cpuid: { rtm: boolean; bus_lock_detect: boolean }
  /** Exception vectors the built-in L1 intercepts; undefined for a non-nested guest. */
  l1InterceptedVectors?: number[]
}

/**
 * x86.c: kvm_arch_vcpu_create() + kvm_vcpu_reset() — reset DR state (DR6 0xffff0ff0, DR7 0x400) and the
 * VMCS/VMCB controls KVM sets: the exception bitmap, MOV-DR, HLT, I/O, MSR and CPUID exiting.
 */
export function kvm_vcpu_create(setup: VcpuSetup): KvmVcpu {
  const { cpu } = setup
  Object.assign(cpu.intercepts, {
    movDrExiting: true, hltExiting: true, ioExiting: true, msrExiting: true,
    cpuidExiting: true, interruptWindowExiting: false,
  })
  const vcpu: KvmVcpu = {
    vendor: setup.vendor,
    db: [0n, 0n, 0n, 0n],
    eff_db: [0n, 0n, 0n, 0n],
    dr6: DR6_ACTIVE_LOW,
    dr7: DR7_FIXED_1,
    guest_debug_dr7: 0n,
    guest_debug: 0,
    singlestep_rip: 0n,
    switch_db_regs: 0,
    exception: emptyException(),
    exception_vmexit: emptyException(),
    exception_from_userspace: false,
    exception_payload_enabled: setup.exceptionPayload,
    hw_dr7: DR7_FIXED_1,
    cpuid: setup.cpuid,
    cr2: 0n,
    triple_fault: false,
    // Fields that come and go are present (undefined) from the start, so every vCPU and run struct
    // has one hidden class and the KVM_RUN loop is not deoptimized as they appear.
    entry_event: undefined,
    event_exit_inst_len: 0,
    pending_irq: undefined,
    nested: setup.l1InterceptedVectors ? { interceptedVectors: new Set(setup.l1InterceptedVectors) } : undefined,
    force_emulation_prefix: setup.forceEmulationPrefix,
    mode: setup.mode,
    emulations: 0,
    complete_userspace_io: undefined,
    io_read: undefined,
    cpu,
    fn: setup.functions,
    run: { exit_reason: undefined, debug: { exception: 0, pc: 0n, dr6: 0n, dr7: 0n }, hardware_entry_failure_reason: undefined, io: undefined, by: '' },
    trace: setup.trace,
  }
  update_exception_bitmap(vcpu)
  return vcpu
}
