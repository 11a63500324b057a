// The engine's one-line event text (shared with the reports), plus the kernel function or hardware rule that
// produced the event, shown dimmed; a fault the CPU raised reads as the SDM words it (`#UD raised by UD2`).
import { raisedByText } from '@patchlab/emulator-core/decode'
import type { TraceEvent } from '@patchlab/emulator-core/types'

export { eventText } from '@patchlab/emulator-core/event-text'

/** The CPU model names a raised fault `SDM: <iced mnemonic> raised vector <n>`. */
const RAISED = /^SDM: (\w+) raised vector (\d+)$/

export function eventOrigin(event: TraceEvent): string | undefined {
  if (!('by' in event)) return undefined
  const raised = RAISED.exec(event.by)
  return raised ? raisedByText(Number(raised[2]), raised[1]) : event.by
}
