// The one decoder of debug state: DR6, DR7, #DB payloads, exceptions, KVM exits and nested VM-exits.
// The app, the reports and the CLI all show values through it.
export { DB_PAYLOAD_LAYOUT, DR6_LAYOUT, decodeDbPayload, decodeDr6, dr6Delta } from './dr6'
export { DR7_LAYOUT, decodeDr7 } from './dr7'
export { exceptionText, raisedByText, vectorDescription, vectorText } from './exceptions'
export { KVM_EXIT_NUMBERS, decodeExitFields, decodedExitText, exitHeadline, exitReasonText } from './kvm-exits'
export { bitTable, type LayoutField } from './register-layout'
export { decodeSvmExitCode } from './svm'
export { decodeVmExitFields, decodedVmExitText } from './vmexit'
export { decodeIntrInfo, decodeVmxExitReason } from './vmx'
export { decodeNamedValue } from './named-value'
