import { vectorText } from '../decode/exceptions'
import type { ExitRecord, GuestExceptionRecord, VmExitRecord, VmmRecord } from '../types'

// Vector names come from the one decoder; re-exported for the callers that import them from here.
export { vectorText }

/** One KVM_RUN exit in one token, e.g. `DEBUG(pc=0x1005,dr6=0xffff2ff0)`; `exc=` only when not #DB. */
export function exitText(exit: ExitRecord): string {
  const args: string[] = []
  if (exit.exception !== undefined && exit.exception !== 1) args.push(`exc=${exit.exception}`)
  if (exit.pc !== undefined) args.push(`pc=${exit.pc}`)
  if (exit.dr6 !== undefined) args.push(`dr6=${exit.dr6}`)
  if (exit.hardware_entry_failure_reason !== undefined) args.push(`reason=${exit.hardware_entry_failure_reason}`)
  return args.length ? `${exit.reason}(${args.join(',')})` : exit.reason
}

/** What the guest's handler recorded, e.g. `#DB rip=0x1005 dr6=0xffff2ff0`. */
export function guestExceptionText(record: GuestExceptionRecord): string {
  const code = record.error_code !== '0x0' ? ` error_code=${record.error_code}` : ''
  return `${vectorText(record.vector)} rip=${record.rip} dr6=${record.dr6}${code}`
}

/** A nested VM-exit to L1, e.g. `reason=0x0 intr_info=0x80000301 qual=0x1 dr6=0xffff0ff0`. */
export function vmexitText(record: VmExitRecord): string {
  const parts = [`reason=${record.reason}`]
  if (record.intr_info !== undefined) parts.push(`intr_info=${record.intr_info}`)
  if (record.exit_qualification !== undefined) parts.push(`qual=${record.exit_qualification}`)
  parts.push(`dr6=${record.dr6}`)
  return parts.join(' ')
}

/** A get_* result, e.g. `get_debugregs dr6=0xffff2ff0 dr7=0x2400`. */
export function vmmText(record: Pick<VmmRecord, 'action'> & { result?: VmmRecord['result'] }): string {
  const fields = fieldsText(record.result ?? {})
  return fields ? `${record.action} ${fields}` : record.action
}

/** A record's fields as `k=v k=v…`, in their order, leaving out those `omit` names. */
export function fieldsText(fields: object, omit?: ReadonlySet<string>): string {
  let text = ''
  for (const [k, v] of Object.entries(fields)) {
    if (omit?.has(k)) continue
    text += `${text ? ' ' : ''}${k}=${String(v)}`
  }
  return text
}
