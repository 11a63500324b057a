/** A positioned assembly error; line and column are 1-based and point at the offending token. */
export interface AsmError {
  file: string
  line: number
  column: number
  message: string
}

/** One source line of the listing: where it landed and what it emitted. */
export interface ListingLine {
  line: number
  address: bigint
  bytes: Uint8Array
  source: string
}

export type AsmResult =
  | {
      ok: true
      bytes: Uint8Array
      origin: bigint
      symbols: Record<string, bigint>
      listing: ListingLine[]
      /** addresses of each KVM_FEP's ud2 (start of the 5-byte prefix) */
      fepSites: bigint[]
    }
  | { ok: false; errors: AsmError[] }

export interface AssembleOptions {
  fileName?: string
  /** Address of the first byte; symbols are exported as origin + offset. */
  origin?: bigint
  /** Added to every reported line (an asm block embedded at some line of a YAML file). */
  lineOffset?: number
}

/** A problem found while assembling one statement; the driver adds file and line. */
export class StatementError extends Error {
  constructor(
    message: string,
    /** 0-based column within the source line. */
    readonly column: number,
  ) {
    super(message)
    this.name = 'StatementError'
  }
}
