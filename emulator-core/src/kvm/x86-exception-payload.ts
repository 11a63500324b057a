import { DB_VECTOR, DR6_ACTIVE_LOW, DR6_BIT12, DR_TRAP_BITS, PF_VECTOR } from './constants'
import type { KvmVcpu, QueuedException } from './vcpu'

/**
 * The DR6 merge rule (docs/reference/kvm-db-semantics.md §2.2, identical in PRE and POST): B0-B3 recomputed, fixed-1 and
 * inactive RTM/BLD forced to 1, BD/BS/BT/Bn ORed in, RTM/BLD in the payload clear their
 * active-low DR6 bit, bit 12 never left set.
 */
export function mergeDbPayload(dr6: bigint, payload: bigint): bigint {
  let merged = dr6 & ~DR_TRAP_BITS
  merged |= DR6_ACTIVE_LOW
  merged |= payload
  merged ^= payload & DR6_ACTIVE_LOW
  merged &= ~DR6_BIT12
  return merged & 0xffffffffn
}

// x86.c: kvm_deliver_exception_payload()
export function kvm_deliver_exception_payload(vcpu: KvmVcpu, ex: QueuedException): void {
  if (!ex.has_payload) return
  if (ex.vector === DB_VECTOR) vcpu.dr6 = mergeDbPayload(vcpu.dr6, ex.payload)
  else if (ex.vector === PF_VECTOR) vcpu.cr2 = ex.payload
  ex.has_payload = false
  ex.payload = 0n
}
