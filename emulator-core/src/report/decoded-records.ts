import { decodeNamedValue, decodedExitText, decodedVmExitText, vectorText } from '../decode'
import type { ExitRecord, GuestExceptionRecord, Vendor, VmExitRecord, VmmRecord } from '../types'

/** A value with its decoding when it is a register image (`0xffff2ff0 (BD)`), else as it is. */
export function decodedValue(path: string, value: string | undefined, vector?: number): string | undefined {
  if (value === undefined) return undefined
  return decodeNamedValue(path, value, vector)?.text ?? value
}

/** `#DB rip=0x1005 dr6=0xffff2ff0 (BD)`, with the error code when there is one. */
export function guestExceptionLine(record: GuestExceptionRecord): string {
  const code = record.error_code !== '0x0' ? ` error_code=${record.error_code}` : ''
  return `${vectorText(record.vector)} rip=${record.rip} dr6=${decodedValue('dr6', record.dr6)}${code}`
}

/** One KVM_RUN exit on one line, decoded. */
export function exitLine(record: ExitRecord): string {
  return decodedExitText(record)
}

export function vmExitLine(record: VmExitRecord, vendor: Vendor): string {
  return decodedVmExitText(record, vendor)
}

/** `get_debugregs dr6=0xffff2ff0 (BD) dr7=0x400 (none)`: register fields decoded, the rest as they are. */
export function vmmLine(record: Pick<VmmRecord, 'action'> & { result?: VmmRecord['result'] }, only?: ReadonlySet<string>): string {
  const fields = Object.entries(record.result ?? {})
    .filter(([k]) => !only || only.has(k))
    .map(([k, v]) => `${k}=${decodedValue(k, String(v))}`)
  return [record.action, ...fields].join(' ')
}

/**
 * An event line with its register images decoded in place: `dr6=0xffff2ff0` becomes
 * `dr6=0xffff2ff0 (BD)`, `dr6 0xffff0ff0->0xffff2ff0` both sides of the arrow, `payload=0x2000 (BD)`.
 */
export function decodeInline(text: string): string {
  return text
    .replace(/\b(dr[67]\w*|payload)=(0x[0-9a-f]+)/g, (all, name: string, raw: string) => `${name}=${decodedValue(name, raw) ?? raw}`)
    .replace(/\bdr6 (0x[0-9a-f]+)->(0x[0-9a-f]+)/g, (_all, a: string, b: string) => `dr6 ${decodedValue('dr6', a)} -> ${decodedValue('dr6', b)}`)
}
