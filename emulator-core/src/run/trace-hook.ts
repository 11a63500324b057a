import type { CpuEvent } from '../cpu/seam'
import type { TraceSink } from '../kvm/trace-sink'
import { isRuntimeAddress } from '../runtime/image'
import { hex } from '../types/hex'
import type { GuestLevel } from '../types/trace'

/** Records what the (virtual) hardware did: retired instructions, IDT deliveries, intercepts, shutdown. */
export function cpuTraceHook(trace: TraceSink, level: GuestLevel): (event: CpuEvent) => void {
  return (event) => {
    if (event.kind === 'insn') {
      const { insn } = event
      // One literal per shape (no conditional spread), the RIP text cached on the instruction.
      if (isRuntimeAddress(event.rip)) trace.emit({ kind: 'insn', rip: insn.addressHex, text: insn.text, path: 'native', level, runtime: true })
      else trace.emit({ kind: 'insn', rip: insn.addressHex, text: insn.text, path: 'native', level })
    } else if (event.kind === 'exception') {
      trace.emit({
        kind: 'exception',
        // The CPU's "injected" is the VM-entry event vectoring through the IDT; KVM's injection step is recorded by KVM.
        action: event.action === 'injected' ? 'delivered' : event.action,
        vector: event.vector,
        ...(event.errorCode !== undefined ? { error_code: hex(event.errorCode) } : {}),
        has_payload: false,
        dr6_before: hex(event.dr6Before),
        dr6_after: hex(event.dr6After),
        rip: hex(event.rip),
        level,
        by: event.by,
      })
    } else {
      trace.emit({ kind: 'note', text: `shutdown: ${event.why}` })
    }
  }
}
