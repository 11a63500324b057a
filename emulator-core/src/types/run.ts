import type { RunMode, Vendor } from './build'

/** Which build, mode and (optional) overrides one run uses. The scenario supplies the rest. */
export interface RunOptions {
  build: string
  mode: RunMode
  /** Overrides the scenario's vendor (matrix axis). */
  vendor?: Vendor
  /**
   * `'none'` leaves the trace's `events` empty and records only the observables (guest exceptions,
   * exits, VM-exits, VMM records, final state, outcome), which come out the same: for searches
   * that run many scenarios and compare only those. Default `'all'`.
   */
  events?: 'all' | 'none'
}

/** A positioned, human-actionable error about user input (scenario, assembly, build name, file). */
export interface InputError {
  file: string
  line: number
  column: number
  /** The scenario key path when the error is about a key, e.g. `vcpu.dr.dr0`. */
  key?: string
  message: string
}

/** Thrown (or returned) when user input is wrong; carries every error found. */
export class InputErrors extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.key ? `${e.key}: ` : ''}${e.message}`).join('\n'))
    this.name = 'InputErrors'
  }
}
