/**
 * An exception raised while executing or delivering (SDM Vol. 3 §6). Thrown by instruction
 * semantics and memory accesses; the step layer catches it and delivers or reports it.
 */
export class GuestFault extends Error {
  constructor(
    readonly vector: number,
    /** Error code, for the vectors that push one (#DF, #TS, #NP, #SS, #GP, #PF, #AC). */
    readonly errorCode?: number,
    /** #PF: the faulting linear address (goes to CR2). */
    readonly address?: bigint,
  ) {
    // A guest fault is control flow the step layer catches (every FEP run raises one): capturing a
    // stack trace would cost more than the rest of the fault path, and it is never printed.
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(`guest exception vector ${vector}${errorCode === undefined ? '' : ` error code ${errorCode}`}`)
    Error.stackTraceLimit = stackTraceLimit
    this.name = 'GuestFault'
  }
}

/** Whether a vector pushes an error code in protected/long mode (SDM Vol. 3 Table 6-1; #CP 21, #VC 29, #SX 30). */
export function hasErrorCode(vector: number): boolean {
  return vector === 8 || (vector >= 10 && vector <= 14) || vector === 17 || vector === 21 || vector === 29 || vector === 30
}
