/**
 * An exception raised while executing or delivering (SDM Vol. 3 §6). Thrown by instruction
 * semantics and memory accesses; the step layer catches it and delivers or reports it.
 *
 * Not an Error: a guest fault is control flow the step layer always catches (every forced emulation
 * runs a `ud2`), so it carries no stack trace and builds its message only if something prints it.
 */
export class GuestFault {
  constructor(
    readonly vector: number,
    /** Error code, for the vectors that push one (#DF, #TS, #NP, #SS, #GP, #PF, #AC). */
    readonly errorCode?: number,
    /** #PF: the faulting linear address (goes to CR2). */
    readonly address?: bigint,
  ) {}

  get message(): string {
    return `guest exception vector ${this.vector}${this.errorCode === undefined ? '' : ` error code ${this.errorCode}`}`
  }

  toString(): string {
    return `GuestFault: ${this.message}`
  }
}

/** Whether a vector pushes an error code in protected/long mode (SDM Vol. 3 Table 6-1; #CP 21, #VC 29, #SX 30). */
export function hasErrorCode(vector: number): boolean {
  return vector === 8 || (vector >= 10 && vector <= 14) || vector === 17 || vector === 21 || vector === 29 || vector === 30
}
