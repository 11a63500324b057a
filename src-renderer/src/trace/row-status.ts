// The status column of the aligned trace: a one-character mark and what it means.
import type { AlignedRow } from '@patchlab/emulator-core/types'

export const STATUS_MARK: Record<AlignedRow['status'], { mark: string; title: string }> = {
  same: { mark: '=', title: 'the same event on both sides' },
  changed: { mark: '≠', title: 'the same kind of event on both sides, with fields that differ (see the row detail)' },
  'only-a': { mark: 'A', title: 'an event on side A only: side B has nothing aligned with it' },
  'only-b': { mark: 'B', title: 'an event on side B only: side A has nothing aligned with it' },
}
