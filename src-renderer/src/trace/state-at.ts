// The vCPU state a side's events have shown up to a row: what a reviewer would see had they stopped there.
// Only what the events carry: the RIP the last event reported (instruction, exception, KVM_EXIT_DEBUG pc),
// guest DR6 and the pending exception from the exception steps, and whatever the VMM's get_* actions read.
import type { AlignedRow, TraceEvent } from '@patchlab/emulator-core/types'
import { vectorText } from '@patchlab/emulator-core/decode'

export type SideState = Record<string, string>

/** The index of the last event of `side` at or before `row` (undefined when the side has none yet). */
export function lastEventIndex(rows: readonly AlignedRow[], row: number, side: 'a' | 'b'): number | undefined {
  for (let r = row; r >= 0; r--) {
    const index = rows[r][side]
    if (index !== undefined) return index
  }
  return undefined
}

export function stateAt(events: readonly TraceEvent[], last: number | undefined): SideState {
  const state: SideState = {}
  if (last === undefined) return state
  for (let i = 0; i <= last; i++) apply(state, events[i])
  return state
}

function apply(state: SideState, event: TraceEvent): void {
  switch (event.kind) {
    case 'insn':
      state.rip = event.rip
      return
    case 'exception':
      state.rip = event.rip
      state.dr6 = event.dr6_after
      if (event.action === 'queued') {
        state.pending = vectorText(event.vector)
        if (event.has_payload && event.payload) state.payload = event.payload
        else delete state.payload
      } else {
        delete state.pending
        delete state.payload
      }
      return
    case 'vmm':
      if (!event.result || event.action === 'stop') return
      // get_regs / get_debugregs name registers directly; other reads are kept under their action.
      for (const [key, value] of Object.entries(event.result)) {
        const name = event.action === 'get_regs' || event.action === 'get_debugregs' ? key : `${event.action}.${key}`
        state[name] = String(value)
      }
      return
    case 'exit':
      if (event.pc) state.rip = event.pc
      return
    case 'vmexit':
    case 'note':
      return
  }
}
