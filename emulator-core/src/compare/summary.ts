import type { Hex, SideSummary, Trace } from '../types'
import { exitText } from './record-text'

/**
 * One side's summary line: the DR6 values the guest's handlers read, apart from those userspace read
 * with KVM_GET_DEBUGREGS (two different registers' views: never one list); the exit sequence; the outcome.
 */
export function summarizeTrace(trace: Trace): SideSummary {
  const vmmDr6: Hex[] = []
  for (const record of trace.vmm) {
    const value = record.action === 'get_debugregs' ? record.result.dr6 : undefined
    if (typeof value === 'string' && value.startsWith('0x')) vmmDr6.push(value as Hex)
  }
  return { guest_dr6: trace.guest_exceptions.map((e) => e.dr6), vmm_dr6: vmmDr6, exits: trace.exits.map(exitText), outcome: trace.outcome }
}
