/** One measured figure. The name carries its unit, e.g. `cpu_alu_loop_instructions_per_second`. */
export interface Figure {
  name: string
  value: number
  /** The goal the issue names, for the printed table (same unit as value). */
  goal?: { op: '>=' | '<='; value: number }
}

/** A benchmark module in bench/: `*.bench.ts` default-exports one of these. */
export interface Benchmark {
  title: string
  run(): Promise<Figure[]>
}
