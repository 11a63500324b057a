// Nested SVM #VMEXITs to L1: exit codes (AMD APM Vol. 2 Appendix C, "SVM Intercept Exit Codes").
import type { DecodedField } from '../types/decode'
import type { Hex } from '../types/hex'
import type { VmExitRecord } from '../types/trace'
import { vectorText } from './exceptions'

const SVM_EXIT_CODES: Readonly<Record<number, string>> = {
  0x60: 'INTR', 0x61: 'NMI', 0x72: 'CPUID', 0x78: 'HLT', 0x7b: 'IOIO', 0x7c: 'MSR', 0x7f: 'SHUTDOWN', 0x80: 'VMRUN', 0x81: 'VMMCALL',
}

/** `EXCP_BASE+1: #DB intercept (0x41)`, `READ_DR7 (0x27)`, `HLT (0x78)`. */
export function decodeSvmExitCode(code: Hex): string {
  const v = BigInt(code)
  if (v === 0xffffffffffffffffn) return 'INVALID: VMRUN failed (-1)'
  const n = Number(v)
  if (n >= 0x40 && n <= 0x5f) return `EXCP_BASE+${n - 0x40}: ${vectorText(n - 0x40)} intercept (${code})`
  if (n >= 0x20 && n <= 0x3f) return `${n < 0x30 ? 'READ' : 'WRITE'}_DR${n & 0xf} (${code})`
  if (n <= 0x1f) return `${n < 0x10 ? 'READ' : 'WRITE'}_CR${n & 0xf} (${code})`
  return `${SVM_EXIT_CODES[n] ?? 'exit code'} (${code})`
}

/**
 * Decoded fields of an SVM #VMEXIT. The trace records the exit code and vmcb12 save.dr6 only:
 * EXITINFO1/EXITINFO2 are not defined for a #DB intercept (APM §15.12) and are not recorded.
 */
export function decodeSvmVmExit(record: VmExitRecord): DecodedField[] {
  return [{ name: 'exit_code', raw: record.reason, text: decodeSvmExitCode(record.reason) }]
}
