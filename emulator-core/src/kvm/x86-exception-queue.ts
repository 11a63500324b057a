import { DE_VECTOR, DF_VECTOR, GP_VECTOR, NP_VECTOR, PF_VECTOR, SS_VECTOR, TS_VECTOR } from './constants'
import { hex } from '../types/hex'
import { kvmX86Ops } from './kvm-x86-ops'
import { kvm_deliver_exception_payload } from './x86-exception-payload'
import { guestLevel, isGuestMode, type KvmVcpu, type QueuedException } from './vcpu'

type ExceptionClass = 'benign' | 'contributory' | 'pf'

// x86.c: exception_class()
function exception_class(vector: number): ExceptionClass {
  if (vector === PF_VECTOR) return 'pf'
  if ([DE_VECTOR, TS_VECTOR, NP_VECTOR, SS_VECTOR, GP_VECTOR].includes(vector)) return 'contributory'
  return 'benign'
}

function fill(ex: QueuedException, nr: number, hasError: boolean, errorCode: number, hasPayload: boolean, payload: bigint): void {
  ex.pending = true
  ex.injected = false
  ex.vector = nr
  ex.has_error_code = hasError
  ex.error_code = errorCode
  ex.has_payload = hasPayload
  ex.payload = payload
}

/** Signature of kvm_multiple_exception(); `by` names the queueing helper for the trace (model-only). */
export type MultipleException = (
  vcpu: KvmVcpu, nr: number, hasError: boolean, errorCode: number, hasPayload: boolean, payload: bigint, by: string,
) => void

// x86.c: kvm_multiple_exception() — PRE/POST: the payload is NOT delivered when queued (docs/reference/kvm-db-semantics.md §2.3).
export const kvm_multiple_exception: MultipleException = (vcpu, nr, hasError, errorCode, hasPayload, payload, by) =>
  multipleException(vcpu, nr, hasError, errorCode, hasPayload, payload, by, false)

/**
 * x86.c: kvm_multiple_exception() — OLD-BASE (kvm-x86 @ 042007c262e5): outside guest mode the payload
 * is delivered when the exception is queued (docs/reference/kvm-db-semantics.md §2.3).
 */
export const kvm_multiple_exception_old_base: MultipleException = (vcpu, nr, hasError, errorCode, hasPayload, payload, by) =>
  multipleException(vcpu, nr, hasError, errorCode, hasPayload, payload, by, true)

function multipleException(
  vcpu: KvmVcpu, nr: number, hasError: boolean, errorCode: number, hasPayload: boolean, payload: bigint, by: string,
  deliverWhenQueued: boolean,
): void {
  const dr6 = vcpu.dr6
  if (isGuestMode(vcpu) && kvmX86Ops(vcpu).is_exception_vmexit(vcpu, nr, errorCode)) {
    fill(vcpu.exception_vmexit, nr, hasError, errorCode, hasPayload, payload)
    recordQueued(vcpu, nr, hasError, errorCode, hasPayload, payload, dr6, `${by} -> exception_vmexit`)
    return
  }
  const ex = vcpu.exception
  if (!ex.pending && !ex.injected) {
    fill(ex, nr, hasError, errorCode, hasPayload, payload)
    if (deliverWhenQueued && !isGuestMode(vcpu)) kvm_deliver_exception_payload(vcpu, ex)
    recordQueued(vcpu, nr, hasError, errorCode, hasPayload, payload, dr6, by)
    return
  }
  const previous = ex.vector
  if (previous === DF_VECTOR) {
    vcpu.triple_fault = true
    vcpu.trace.emit({ kind: 'note', text: `${by}: exception ${nr} while delivering #DF: triple fault` })
    return
  }
  const class1 = exception_class(previous)
  const class2 = exception_class(nr)
  if ((class1 === 'contributory' && class2 === 'contributory') || (class1 === 'pf' && class2 !== 'benign')) {
    fill(ex, DF_VECTOR, true, 0, false, 0n)
    recordQueued(vcpu, nr, hasError, errorCode, hasPayload, payload, dr6, by)
    return
  }
  // Replace the previous exception; re-executing the instruction regenerates the lost one.
  fill(ex, nr, hasError, errorCode, hasPayload, payload)
  if (deliverWhenQueued && !isGuestMode(vcpu)) kvm_deliver_exception_payload(vcpu, ex)
  recordQueued(vcpu, nr, hasError, errorCode, hasPayload, payload, dr6, by)
}

// x86.c: kvm_queue_exception()
export function kvm_queue_exception(vcpu: KvmVcpu, nr: number): void {
  vcpu.fn.kvm_multiple_exception(vcpu, nr, false, 0, false, 0n, 'kvm_queue_exception')
}

// x86.c: kvm_queue_exception_e()
export function kvm_queue_exception_e(vcpu: KvmVcpu, nr: number, errorCode: number): void {
  vcpu.fn.kvm_multiple_exception(vcpu, nr, true, errorCode, false, 0n, 'kvm_queue_exception_e')
}

// x86.c: kvm_queue_exception_p()
export function kvm_queue_exception_p(vcpu: KvmVcpu, nr: number, payload: bigint): void {
  vcpu.fn.kvm_multiple_exception(vcpu, nr, false, 0, true, payload, 'kvm_queue_exception_p')
}

// x86.c: kvm_clear_exception_queue()
export function kvm_clear_exception_queue(vcpu: KvmVcpu): void {
  vcpu.exception.pending = false
  vcpu.exception.injected = false
  vcpu.exception_vmexit.pending = false
}

/** The trace event for a queued exception (model-only): what was queued, by whom, DR6 around it. */
function recordQueued(
  vcpu: KvmVcpu, nr: number, hasError: boolean, errorCode: number, hasPayload: boolean, payload: bigint, dr6Before: bigint, by: string,
): void {
  if (!vcpu.trace.recording) return
  vcpu.trace.emit({
    kind: 'exception', action: 'queued', vector: nr, ...(hasError ? { error_code: hex(errorCode) } : {}),
    has_payload: hasPayload, ...(hasPayload ? { payload: hex(payload) } : {}),
    dr6_before: hex(dr6Before), dr6_after: hex(vcpu.dr6), rip: hex(vcpu.cpu.getRip()), level: guestLevel(vcpu), by,
  })
}
