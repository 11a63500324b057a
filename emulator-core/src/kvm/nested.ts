import type { ExceptionExit } from '../cpu/seam'
import { hex } from '../types/hex'
import type { VmExitEvent } from '../types/trace'
import {
  DB_VECTOR, DR6_ACTIVE_LOW, DR6_BT, DR7_GD, SVM_EXIT_EXCP_DB, VMX_EXIT_REASON_EXCEPTION_NMI,
} from './constants'
import type { KvmVcpu } from './vcpu'

/** A nested VM-exit to the built-in L1, as the trace records it. */
export type NestedVmExit = Omit<VmExitEvent, 'kind' | 'seq'>

/** vmx/nested.c / svm/nested.c: nested_{vmx,svm}_is_exception_vmexit() — L1's exception bitmap has the vector. */
export function is_exception_vmexit(vcpu: KvmVcpu, vector: number, _errorCode: number): boolean {
  return vcpu.nested?.interceptedVectors.has(vector) ?? false
}

/** VM-exit interruption information of a hardware exception: valid, type 3, deliver-error-code bit. */
function vmxIntrInfo(vector: number, hasErrorCode: boolean): bigint {
  return 0x80000000n | (3n << 8n) | BigInt(vector) | (hasErrorCode ? 0x800n : 0n)
}

/**
 * vmx/nested.c: nested_vmx_inject_exception_vmexit() — exit qualification = payload, or for a #DB
 * without one (DR6 & ~BT) ^ DR6_ACTIVE_LOW (docs/reference/kvm-db-semantics.md §2.13.3); L2's DR6/DR7 are not touched.
 */
export function nested_vmx_inject_exception_vmexit(vcpu: KvmVcpu): NestedVmExit {
  const ex = vcpu.exception_vmexit
  let qualification = 0n
  if (ex.has_payload) qualification = ex.payload
  else if (ex.vector === DB_VECTOR) qualification = (vcpu.dr6 & ~DR6_BT) ^ DR6_ACTIVE_LOW
  ex.pending = false
  return {
    reason: hex(VMX_EXIT_REASON_EXCEPTION_NMI), intr_info: hex(vmxIntrInfo(ex.vector, ex.has_error_code)),
    exit_qualification: hex(qualification), dr6: hex(vcpu.dr6), rip: hex(vcpu.cpu.getRip()),
    by: 'nested_vmx_inject_exception_vmexit',
  }
}

/**
 * svm/nested.c: nested_svm_inject_exception_vmexit() — for #DB, deliver the payload and clear
 * GUEST DR7.GD before the #VMEXIT, so vmcb12 save.dr6 shows the merged DR6 (docs/reference/kvm-db-semantics.md §2.14).
 */
export function nested_svm_inject_exception_vmexit(vcpu: KvmVcpu): NestedVmExit {
  const ex = vcpu.exception_vmexit
  if (ex.vector === DB_VECTOR) {
    vcpu.fn.kvm_deliver_exception_payload(vcpu, ex)
    if (vcpu.dr7 & DR7_GD) {
      vcpu.dr7 &= ~DR7_GD
      vcpu.fn.kvm_update_dr7(vcpu)
    }
  }
  ex.pending = false
  return {
    reason: hex(0x40n + BigInt(ex.vector)), dr6: hex(vcpu.dr6), rip: hex(vcpu.cpu.getRip()),
    by: 'nested_svm_inject_exception_vmexit',
  }
}

/** vmx/nested.c: nested_vmx_reflect_vmexit() for an exception L1 intercepts: hardware exit qualification. */
export function nested_vmx_reflect_exception(vcpu: KvmVcpu, exit: ExceptionExit): NestedVmExit {
  return {
    reason: hex(VMX_EXIT_REASON_EXCEPTION_NMI), intr_info: hex(vmxIntrInfo(exit.vector, exit.errorCode !== undefined)),
    exit_qualification: hex(exit.vector === DB_VECTOR ? (exit.dr6Bits ?? 0n) : 0n), dr6: hex(vcpu.dr6),
    rip: hex(exit.rip), by: 'nested_vmx_reflect_vmexit',
  }
}

/** svm/nested.c: nested_svm_exit_handled() for an exception L1 intercepts: vmcb12 save.dr6 = the CPU's DR6. */
export function nested_svm_reflect_exception(vcpu: KvmVcpu, exit: ExceptionExit): NestedVmExit {
  const dr6 = exit.vector === DB_VECTOR ? vcpu.cpu.getDr(6) : vcpu.dr6
  return {
    reason: hex(exit.vector === DB_VECTOR ? SVM_EXIT_EXCP_DB : 0x40n + BigInt(exit.vector)), dr6: hex(dr6),
    rip: hex(exit.rip), by: 'nested_svm_exit_handled',
  }
}
