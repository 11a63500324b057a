// The engine's one-line event text (shared with the reports), plus the kernel function the view shows dimmed.
import type { TraceEvent } from '@patchlab/emulator-core/types'

export { eventText } from '@patchlab/emulator-core/report'

export function eventOrigin(event: TraceEvent): string | undefined {
  return 'by' in event ? event.by : undefined
}
