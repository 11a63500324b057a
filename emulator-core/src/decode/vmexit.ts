import type { Vendor } from '../types/build'
import type { DecodedField } from '../types/decode'
import type { VmExitRecord } from '../types/trace'
import { decodeDr6 } from './dr6'
import { decodeSvmVmExit } from './svm'
import { decodeVmxVmExit } from './vmx'

/** A nested VM-exit's fields decoded by vendor (VMX reason/intr_info/qualification, SVM exit code), then DR6 as L1 sees it. */
export function decodeVmExitFields(record: VmExitRecord, vendor: Vendor): DecodedField[] {
  const fields = vendor === 'amd' ? decodeSvmVmExit(record) : decodeVmxVmExit(record)
  const d = decodeDr6(record.dr6)
  fields.push({ name: 'dr6', raw: d.raw, text: d.text, table: d.table })
  return fields
}

/** One nested VM-exit on one line: `reason=0x0 (EXCEPTION_NMI: … (0)) intr_info=… dr6=0xffff2ff0 (BD)`. */
export function decodedVmExitText(record: VmExitRecord, vendor: Vendor): string {
  return decodeVmExitFields(record, vendor).map((f) => `${f.name}=${f.text}`).join(' ')
}
