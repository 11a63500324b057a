// The engine's one-line event text (shared with the reports), plus the kernel function or hardware rule that
// produced the event, shown dimmed; a fault the CPU raised reads as the SDM words it (`#UD raised by UD2`).
import type { TraceEvent } from '../../../emulator-core/src/types'
import { vectorText } from '../../../emulator-core/src/compare/record-text'

export { eventText } from '../../../emulator-core/src/report/event-text'

/** The CPU model names a raised fault `SDM: <iced mnemonic> raised vector <n>`. */
const RAISED = /^SDM: (\w+) raised vector (\d+)$/

export function eventOrigin(event: TraceEvent): string | undefined {
  if (!('by' in event)) return undefined
  const raised = RAISED.exec(event.by)
  return raised ? `${vectorText(Number(raised[2]))} raised by ${raised[1].toUpperCase()}` : event.by
}
