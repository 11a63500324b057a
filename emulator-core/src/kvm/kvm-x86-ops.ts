import type { DecodedInsn, ExceptionExit, MovDrExit } from '../cpu/seam'
import type { X86Intercept, X86InterceptStage } from './emulate-intercept'
import {
  is_exception_vmexit, nested_svm_inject_exception_vmexit, nested_svm_reflect_exception,
  nested_vmx_inject_exception_vmexit, nested_vmx_reflect_exception, type NestedVmExit,
} from './nested'
import { sharedOpsTable } from './caches'
import { svm_load_debug_regs, svm_sync_dirty_debug_regs } from './svm'
import type { Vendor } from '../types/build'
import type { KvmFunctions } from './functions'
import type { KvmVcpu } from './vcpu'
import { vmx_load_debug_regs, vmx_sync_dirty_debug_regs, vmx_vm_entry_check } from './vmx'

/** kvm_host.h: struct kvm_x86_ops (+ nested_ops) — the vendor (VMX or SVM) half of KVM. */
export interface KvmX86Ops {
  inject_exception(vcpu: KvmVcpu): void
  /** The #DB branch of the exception-exit handler. */
  handle_db(vcpu: KvmVcpu, exit: ExceptionExit): number
  handle_dr(vcpu: KvmVcpu, exit: MovDrExit): number
  check_intercept(vcpu: KvmVcpu, intercept: X86Intercept, insn: DecodedInsn, stage: X86InterceptStage): number
  sync_dirty_debug_regs(vcpu: KvmVcpu): void
  load_debug_regs(vcpu: KvmVcpu): void
  /** VM-entry consistency checks the hardware applies; the failure reason, if any. */
  vm_entry_check(vcpu: KvmVcpu): bigint | undefined
  is_exception_vmexit(vcpu: KvmVcpu, vector: number, errorCode: number): boolean
  inject_exception_vmexit(vcpu: KvmVcpu): NestedVmExit
  reflect_exception(vcpu: KvmVcpu, exit: ExceptionExit): NestedVmExit
}

// x86.c: kvm_x86_call() / kvm_x86_ops dispatch by vendor
export function kvmX86Ops(vcpu: KvmVcpu): KvmX86Ops {
  // Built once per (functions, vendor) pair: see ./caches.
  return sharedOpsTable(vcpu.fn, vcpu.vendor, vendorOps)
}

// vmx.c: vmx_x86_ops / svm.c: svm_x86_ops
function vendorOps(fn: KvmFunctions, vendor: Vendor): KvmX86Ops {
  if (vendor === 'intel') {
    return {
      inject_exception: fn.vmx_inject_exception, handle_db: fn.handle_exception_nmi_db, handle_dr: fn.handle_dr,
      check_intercept: fn.vmx_check_intercept, sync_dirty_debug_regs: vmx_sync_dirty_debug_regs,
      load_debug_regs: vmx_load_debug_regs, vm_entry_check: vmx_vm_entry_check, is_exception_vmexit,
      inject_exception_vmexit: nested_vmx_inject_exception_vmexit, reflect_exception: nested_vmx_reflect_exception,
    }
  }
  return {
    inject_exception: fn.svm_inject_exception, handle_db: fn.db_interception, handle_dr: fn.dr_interception,
    check_intercept: fn.svm_check_intercept, sync_dirty_debug_regs: svm_sync_dirty_debug_regs,
    load_debug_regs: svm_load_debug_regs, vm_entry_check: svm_vm_entry_check, is_exception_vmexit,
    inject_exception_vmexit: nested_svm_inject_exception_vmexit, reflect_exception: nested_svm_reflect_exception,
  }
}

/** SVM: the model applies no VM-entry check, so VMRUN always enters. */
function svm_vm_entry_check(): bigint | undefined {
  return undefined
}
