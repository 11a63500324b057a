import { check_dr_read, check_dr_write } from '../kvm/emulate-check-dr'
import { x86_emulate_insn } from '../kvm/emulate-insn'
import type { KvmFunctions } from '../kvm/functions'
import { svm_check_intercept, vmx_check_intercept } from '../kvm/check-intercept'
import { db_interception, dr_interception, svm_inject_exception } from '../kvm/svm'
import { handle_dr, handle_exception_nmi_db, vmx_inject_exception } from '../kvm/vmx'
import { kvm_get_dr, kvm_set_dr, kvm_update_dr0123, kvm_update_dr7 } from '../kvm/x86-debugregs'
import {
  handle_emulation_failure, handle_ud, inject_emulated_exception, kvm_inject_emulated_db, kvm_is_code_breakpoint_inhibited,
  kvm_skip_emulated_instruction, kvm_vcpu_check_code_breakpoint, kvm_vcpu_do_singlestep, x86_emulate_instruction,
} from '../kvm/x86-emulate-instruction'
import { kvm_deliver_exception_payload } from '../kvm/x86-exception-payload'
import {
  kvm_multiple_exception, kvm_queue_exception, kvm_queue_exception_e, kvm_queue_exception_p,
} from '../kvm/x86-exception-queue'
import { kvm_check_and_inject_events } from '../kvm/x86-inject-events'
import { kvm_handle_exception_payload_quirk } from '../kvm/x86-ioctls'

/**
 * PRE: kvm.git just before the series (17afe9b750f2's behaviour, VMX handle_exception_nmi() before
 * c5bad4fa2d5d). Deferred payload delivery with the GET_* quirk (docs/reference/kvm-db-semantics.md §2.3, §2.11).
 */
export const preFunctions: KvmFunctions = {
  kvm_multiple_exception,
  kvm_queue_exception,
  kvm_queue_exception_e,
  kvm_queue_exception_p,
  kvm_deliver_exception_payload,
  kvm_handle_exception_payload_quirk,
  kvm_set_dr,
  kvm_get_dr,
  kvm_update_dr7,
  kvm_update_dr0123,
  handle_ud,
  x86_emulate_instruction,
  kvm_vcpu_check_code_breakpoint,
  kvm_is_code_breakpoint_inhibited,
  inject_emulated_exception,
  kvm_inject_emulated_db,
  kvm_vcpu_do_singlestep,
  kvm_skip_emulated_instruction,
  handle_emulation_failure,
  kvm_check_and_inject_events,
  x86_emulate_insn,
  check_dr_read,
  check_dr_write,
  vmx_inject_exception,
  handle_exception_nmi_db,
  handle_dr,
  vmx_check_intercept,
  svm_inject_exception,
  db_interception,
  dr_interception,
  svm_check_intercept,
}
