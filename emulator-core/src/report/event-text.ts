// record-text, not the compare index: the app bundles this file, and the index pulls in the runner.
import { vectorText, vmexitText, vmmText } from '../compare/record-text'
import type { TraceEvent } from '../types'

/** One event on one line, as the side-by-side view and the reports show it. */
export function eventText(event: TraceEvent): string {
  switch (event.kind) {
    case 'insn': {
      const tags = [event.path === 'emulated' ? 'emulated' : '', event.level === 'L2' ? 'L2' : '', event.runtime ? 'runtime' : '']
      const suffix = tags.filter(Boolean).join(', ')
      return `${event.rip} ${event.text}${suffix ? ` (${suffix})` : ''}`
    }
    case 'exception': {
      const parts = [`${vectorText(event.vector)} ${event.action}`, `rip=${event.rip}`]
      if (event.error_code !== undefined) parts.push(`error_code=${event.error_code}`)
      if (event.has_payload) parts.push(`payload=${event.payload ?? '?'}`)
      parts.push(event.dr6_before === event.dr6_after ? `dr6=${event.dr6_after}` : `dr6 ${event.dr6_before}->${event.dr6_after}`)
      if (event.level === 'L2') parts.push('(L2)')
      return parts.join(' ')
    }
    case 'exit': {
      const parts = [`exit ${event.reason}`]
      if (event.exception !== undefined) parts.push(`exception=${event.exception}`)
      if (event.pc !== undefined) parts.push(`pc=${event.pc}`)
      if (event.dr6 !== undefined) parts.push(`dr6=${event.dr6}`)
      if (event.dr7 !== undefined) parts.push(`dr7=${event.dr7}`)
      if (event.hardware_entry_failure_reason !== undefined) parts.push(`reason=${event.hardware_entry_failure_reason}`)
      if (event.port !== undefined) parts.push(`port=${event.port}${event.direction ? ` ${event.direction}` : ''}`)
      return parts.join(' ')
    }
    case 'vmexit':
      return `vmexit ${vmexitText(event)} rip=${event.rip}`
    case 'vmm':
      return `vmm ${vmmText(event)}`
    case 'note':
      return `note: ${event.text}`
  }
}
