import type { Hex, SideSummary, Trace } from '../types'
import { exitText } from './record-text'

/**
 * One side's summary line: the DR6 values the guest's handlers read, then those userspace read with
 * KVM_GET_DEBUGREGS; the exit sequence; and the outcome.
 */
export function summarizeTrace(trace: Trace): SideSummary {
  const dr6: Hex[] = trace.guest_exceptions.flatMap((e) => (e.dr6 !== undefined ? [e.dr6] : []))
  for (const record of trace.vmm) {
    const value = record.action === 'get_debugregs' ? record.result.dr6 : undefined
    if (typeof value === 'string' && value.startsWith('0x')) dr6.push(value as Hex)
  }
  return { dr6, exits: trace.exits.map(exitText), outcome: trace.outcome }
}
