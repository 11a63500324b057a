// The engine's one-line event text (shared with the reports), plus the kernel function the view shows dimmed.
import type { TraceEvent } from '../../../emulator-core/src/types'

export { eventText } from '../../../emulator-core/src/report/event-text'

export function eventOrigin(event: TraceEvent): string | undefined {
  return 'by' in event ? event.by : undefined
}
