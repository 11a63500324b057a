// Keeps the latest comparisons by run id, so reports are rendered in main without resending traces.
import type { CompareResult } from '@patchlab/emulator-core/types'

export class ComparisonStore {
  private readonly byRunId = new Map<string, CompareResult>()

  constructor(private readonly capacity = 8) {}

  put(runId: string, compare: CompareResult): void {
    this.byRunId.delete(runId)
    this.byRunId.set(runId, compare)
    while (this.byRunId.size > this.capacity) this.byRunId.delete(this.byRunId.keys().next().value as string)
  }

  get(runId: string): CompareResult | undefined {
    return this.byRunId.get(runId)
  }
}
