// One line per trace event, as a kernel reviewer reads it: lowercase hex, uapi names, the kernel function.
import type { TraceEvent } from '../../../emulator-core/src/types'

const VECTOR_NAMES: Record<number, string> = { 0: 'DE', 1: 'DB', 2: 'NMI', 3: 'BP', 4: 'OF', 5: 'BR', 6: 'UD', 7: 'NM', 8: 'DF', 13: 'GP', 14: 'PF', 17: 'AC' }

export function vectorName(vector: number): string {
  return `#${VECTOR_NAMES[vector] ?? vector}`
}

export function eventText(event: TraceEvent): string {
  switch (event.kind) {
    case 'insn':
      return `${event.rip}  ${event.text}${event.path === 'emulated' ? '  [emulated]' : ''}${event.level === 'L2' ? '  (L2)' : ''}`
    case 'exception': {
      const payload = event.has_payload ? ` payload ${event.payload ?? '?'}` : ''
      const dr6 = event.dr6_before === event.dr6_after ? `dr6 ${event.dr6_after}` : `dr6 ${event.dr6_before}→${event.dr6_after}`
      return `${vectorName(event.vector)} ${event.action} @${event.rip}  ${dr6}${payload}`
    }
    case 'exit': {
      const parts = [`KVM_EXIT_${event.reason}`]
      if (event.exception !== undefined) parts.push(`exc ${event.exception}`)
      if (event.pc) parts.push(`pc ${event.pc}`)
      if (event.dr6) parts.push(`dr6 ${event.dr6}`)
      if (event.dr7) parts.push(`dr7 ${event.dr7}`)
      if (event.port) parts.push(`${event.direction ?? 'io'} ${event.port}`)
      if (event.hardware_entry_failure_reason) parts.push(`reason ${event.hardware_entry_failure_reason}`)
      return parts.join(' ')
    }
    case 'vmexit':
      return `vmexit ${event.reason}${event.intr_info ? ` intr ${event.intr_info}` : ''}${event.exit_qualification ? ` qual ${event.exit_qualification}` : ''} dr6 ${event.dr6}`
    case 'vmm': {
      const result = event.result ? ` → ${Object.entries(event.result).map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : ''
      return `${event.action}${result}`
    }
    case 'note':
      return `— ${event.text}`
  }
}

/** The kernel function or hardware rule behind an event, shown dimmed after its text. */
export function eventOrigin(event: TraceEvent): string | undefined {
  return 'by' in event ? event.by : undefined
}
