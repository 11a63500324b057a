// Exception and interrupt vectors (SDM Vol. 3 §6.3.1, Table 6-1 "Protected-Mode Exceptions and Interrupts").

/** Mnemonic and SDM description by vector; vectors 9, 15 and 22-31 are reserved. */
const VECTORS: Readonly<Record<number, readonly [string, string]>> = {
  0: ['#DE', 'Divide Error'],
  1: ['#DB', 'Debug Exception'],
  2: ['NMI', 'NMI Interrupt'],
  3: ['#BP', 'Breakpoint'],
  4: ['#OF', 'Overflow'],
  5: ['#BR', 'BOUND Range Exceeded'],
  6: ['#UD', 'Invalid Opcode (Undefined Opcode)'],
  7: ['#NM', 'Device Not Available (No Math Coprocessor)'],
  8: ['#DF', 'Double Fault'],
  10: ['#TS', 'Invalid TSS'],
  11: ['#NP', 'Segment Not Present'],
  12: ['#SS', 'Stack-Segment Fault'],
  13: ['#GP', 'General Protection'],
  14: ['#PF', 'Page Fault'],
  16: ['#MF', 'x87 FPU Floating-Point Error (Math Fault)'],
  17: ['#AC', 'Alignment Check'],
  18: ['#MC', 'Machine Check'],
  19: ['#XM', 'SIMD Floating-Point Exception'],
  20: ['#VE', 'Virtualization Exception'],
  21: ['#CP', 'Control Protection Exception'],
}

/** `#DB`, `NMI`, `#UD`; `vector 33` for a vector without a mnemonic (external interrupts, reserved). */
export function vectorText(vector: number): string {
  return VECTORS[vector]?.[0] ?? `vector ${vector}`
}

/** The SDM's description: `Debug Exception`; `interrupt vector 33` for the rest. */
export function vectorDescription(vector: number): string {
  return VECTORS[vector]?.[1] ?? (vector >= 32 ? `interrupt vector ${vector}` : `reserved vector ${vector}`)
}

/** `#DB (vector 1)`; `vector 33` for a vector without a mnemonic. */
export function exceptionText(vector: number): string {
  const name = VECTORS[vector]?.[0]
  return name ? `${name} (vector ${vector})` : `vector ${vector}`
}

/** SDM wording for a fault an instruction raised: `#UD raised by UD2`, `#GP raised by MOV`. */
export function raisedByText(vector: number, mnemonic: string): string {
  return `${vectorText(vector)} raised by ${mnemonic.toUpperCase()}`
}
