// Nested VMX VM-exits to L1: basic exit reasons (SDM Vol. 3 Appendix C), VM-exit interruption
// information (§25.9.2, Table 25-19) and the exit qualification of an exception exit (§28.2.1, Table 28-1).
import type { DecodedField } from '../types/decode'
import type { Hex } from '../types/hex'
import type { VmExitRecord } from '../types/trace'
import { decodeDbPayload } from './dr6'
import { vectorText } from './exceptions'

/** The basic exit reasons a KVM #DB trace can carry, with the SDM's names. */
const VMX_EXIT_REASONS: Readonly<Record<number, string>> = {
  0: 'EXCEPTION_NMI: exception or non-maskable interrupt',
  1: 'EXTERNAL_INTERRUPT',
  2: 'TRIPLE_FAULT',
  7: 'INTERRUPT_WINDOW',
  8: 'NMI_WINDOW',
  9: 'TASK_SWITCH',
  10: 'CPUID',
  12: 'HLT',
  18: 'VMCALL',
  28: 'CR_ACCESS: control-register access',
  29: 'DR_ACCESS: MOV DR',
  30: 'IO_INSTRUCTION',
  31: 'MSR_READ: RDMSR',
  32: 'MSR_WRITE: WRMSR',
  33: 'VM-entry failure due to invalid guest state',
  34: 'VM-entry failure due to MSR loading',
  37: 'MONITOR_TRAP_FLAG',
  48: 'EPT_VIOLATION',
  49: 'EPT_MISCONFIG',
}

/** Interruption types, bits 10:8 of the interruption information. */
const INTR_TYPES = ['external interrupt', 'reserved type 1', 'NMI', 'hardware exception', 'software interrupt', 'privileged software exception', 'software exception', 'other event']

/** `EXCEPTION_NMI: exception or non-maskable interrupt (0)`; bit 31 reads as a failed VM entry. */
export function decodeVmxExitReason(reason: Hex): string {
  const v = BigInt(reason)
  const basic = Number(v & 0xffffn)
  const name = VMX_EXIT_REASONS[basic] ?? 'basic exit reason'
  // Reasons 33 and 34 are entry failures by name; bit 31 on any other reason says so in words.
  return v & 0x80000000n && basic !== 33 && basic !== 34 ? `VM-entry failure, ${name} (${basic})` : `${name} (${basic})`
}

/** `0x80000301 (valid, hardware exception, #DB)`; error code valid and NMI unblocking named when set. */
export function decodeIntrInfo(info: Hex): string {
  const v = Number(BigInt(info) & 0xffffffffn)
  if (!(v & 0x80000000)) return `${info} (not valid)`
  const parts = ['valid', INTR_TYPES[(v >> 8) & 7], vectorText(v & 0xff)]
  if (v & 0x800) parts.push('error code valid')
  if (v & 0x1000) parts.push('NMI unblocking due to IRET')
  return `${info} (${parts.join(', ')})`
}

/** Decoded fields of a VMX nested VM-exit; the exit qualification by the exit's reason and vector. */
export function decodeVmxVmExit(record: VmExitRecord): DecodedField[] {
  const fields: DecodedField[] = [{ name: 'reason', raw: record.reason, text: decodeVmxExitReason(record.reason) }]
  if (record.intr_info !== undefined) fields.push({ name: 'intr_info', raw: record.intr_info, text: decodeIntrInfo(record.intr_info) })
  if (record.exit_qualification !== undefined) fields.push(qualificationField(record))
  return fields
}

function qualificationField(record: VmExitRecord): DecodedField {
  const raw = record.exit_qualification!
  const basic = Number(BigInt(record.reason) & 0xffffn)
  const vector = record.intr_info === undefined ? -1 : Number(BigInt(record.intr_info) & 0xffn)
  if (basic === 0 && vector === 1) {
    // Table 28-1: a #DB exit's qualification has DR6's layout with every bit active high.
    const d = decodeDbPayload(raw)
    return { name: 'exit_qualification', raw, text: d.text, table: d.table }
  }
  if (basic === 0 && vector === 14) return { name: 'exit_qualification', raw, text: `${raw} (faulting linear address)` }
  if (basic === 29) {
    const v = Number(BigInt(raw))
    return { name: 'exit_qualification', raw, text: `${raw} (${v & 0x10 ? 'MOV from' : 'MOV to'} DR${v & 7}, GPR ${(v >> 8) & 0xf})` }
  }
  return { name: 'exit_qualification', raw, text: raw }
}
