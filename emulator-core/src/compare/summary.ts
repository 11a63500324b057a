import type { Hex, SideSummary, Trace } from '../types'
import { exitText } from './record-text'

/** The DR6 values the guest's #DB handlers read, in order (only the #DB recorder reads DR6). */
export function guestDr6Values(trace: Trace): Hex[] {
  return trace.guest_exceptions.flatMap((e) => (e.dr6 !== undefined ? [e.dr6] : []))
}

/**
 * One side's summary line: the DR6 values the guest's #DB handlers read, apart from those userspace read
 * with KVM_GET_DEBUGREGS (two different registers' views: never one list); the exit sequence; the outcome.
 */
export function summarizeTrace(trace: Trace): SideSummary {
  const vmmDr6: Hex[] = []
  for (const record of trace.vmm) {
    const value = record.action === 'get_debugregs' ? record.result.dr6 : undefined
    if (typeof value === 'string' && value.startsWith('0x')) vmmDr6.push(value as Hex)
  }
  return { guest_dr6: guestDr6Values(trace), vmm_dr6: vmmDr6, exits: trace.exits.map(exitText), outcome: trace.outcome }
}
