// KVM_RUN exit reasons (include/uapi/linux/kvm.h, KVM_EXIT_*) and KVM_EXIT_DEBUG's run->debug.arch.
import type { DecodedField } from '../types/decode'
import type { ExitReason, ExitRecord } from '../types/trace'
import { decodeDr6 } from './dr6'
import { decodeDr7 } from './dr7'
import { exceptionText, vectorText } from './exceptions'
import { decodeVmxExitReason } from './vmx'

/** uapi numbers of the exit reasons PatchLab models. */
export const KVM_EXIT_NUMBERS: Readonly<Record<ExitReason, number>> = {
  IO: 2,
  DEBUG: 4,
  HLT: 5,
  SHUTDOWN: 8,
  FAIL_ENTRY: 9,
  INTR: 10,
  INTERNAL_ERROR: 17,
}

/** `KVM_EXIT_DEBUG (4)`. */
export function exitReasonText(reason: ExitReason): string {
  return `KVM_EXIT_${reason} (${KVM_EXIT_NUMBERS[reason]})`
}

/** The exit's headline: `DEBUG (#DB, vector 1)` for a debug exit, else `HLT (KVM_EXIT_HLT 5)`. */
export function exitHeadline(exit: Pick<ExitRecord, 'reason' | 'exception'>): string {
  if (exit.exception !== undefined) return `${exit.reason} (${vectorText(exit.exception)}, vector ${exit.exception})`
  return `${exit.reason} (KVM_EXIT_${exit.reason} ${KVM_EXIT_NUMBERS[exit.reason]})`
}

/** Every field of an exit, decoded: exception by name, pc, dr6/dr7 with their bit tables, entry failure reason. */
export function decodeExitFields(exit: ExitRecord): DecodedField[] {
  const fields: DecodedField[] = []
  if (exit.exception !== undefined) fields.push({ name: 'exception', raw: `${exit.exception}`, text: exceptionText(exit.exception) })
  if (exit.pc !== undefined) fields.push({ name: 'pc', raw: exit.pc, text: exit.pc })
  if (exit.dr6 !== undefined) {
    const d = decodeDr6(exit.dr6)
    fields.push({ name: 'dr6', raw: d.raw, text: d.text, table: d.table })
  }
  if (exit.dr7 !== undefined) {
    const d = decodeDr7(exit.dr7)
    fields.push({ name: 'dr7', raw: d.raw, text: d.text, table: d.table })
  }
  if (exit.hardware_entry_failure_reason !== undefined) {
    const r = exit.hardware_entry_failure_reason
    fields.push({ name: 'hardware_entry_failure_reason', raw: r, text: `${r} (${decodeVmxExitReason(r)})` })
  }
  return fields
}

/** One exit on one line: `DEBUG (#DB, vector 1) pc=0x1005 dr6=0xffff2ff0 (BD) dr7=0x400 (none)`. */
export function decodedExitText(exit: ExitRecord): string {
  const fields = decodeExitFields(exit).filter((f) => f.name !== 'exception')
  return [exitHeadline(exit), ...fields.map((f) => `${f.name === 'hardware_entry_failure_reason' ? 'reason' : f.name}=${f.text}`)].join(' ')
}
