/**
 * Builds bare-metal CPUs for the CPU's own tests: the runtime's descriptor tables, test handlers
 * given as machine code (bytes from GNU as), and the program at GUEST_ORIGIN. Tests observe
 * deliveries through the CPU's event hook.
 */
import { assemble } from '../asm'
import { Cpu } from './cpu'
import type { CpuEvent, CpuOptions } from './seam'
import { GUEST_ORIGIN, RUNTIME_CODE_BASE, enterLongMode, writeDescriptorTables } from '../runtime/layout'

/** `orl $0x10000,0x10(%rsp); iretq`: return with RF set in the frame (resume past a code breakpoint). */
export const IRET_WITH_RF = '814c24100000010048cf'
/** `iretq`. */
export const IRET = '48cf'
/** `hlt`. */
export const HLT = 'f4'

export function bytes(hexText: string): Uint8Array {
  const clean = hexText.replace(/\s+/g, '')
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16))
}

export interface BareOptions extends Partial<CpuOptions> {
  /** Handler machine code per vector (hex); default: IRET_WITH_RF for #DB, IRET for #BP, HLT otherwise. */
  handlers?: Record<number, string>
}

/** Handler address of a vector in test CPUs (64 bytes per vector). */
export function handlerAddress(vector: number): number {
  return RUNTIME_CODE_BASE + vector * 64
}

export function bareCpu(code: string, options: BareOptions = {}): { cpu: Cpu; events: CpuEvent[] } {
  const cpu = new Cpu({ vendor: options.vendor ?? 'intel', memorySize: options.memorySize, features: options.features })
  writeDescriptorTables(cpu, handlerAddress)
  for (let v = 0; v < 256; v++) {
    const body = options.handlers?.[v] ?? (v === 1 ? IRET_WITH_RF : v === 3 ? IRET : HLT)
    cpu.writeBytes(handlerAddress(v), bytes(body))
  }
  cpu.writeBytes(GUEST_ORIGIN, bytes(code))
  enterLongMode(cpu, GUEST_ORIGIN)
  const events: CpuEvent[] = []
  cpu.onEvent = (e) => events.push(e)
  return { cpu, events }
}

/** Steps until the CPU halts, shuts down, exits, or `limit` steps ran; returns the step count. */
export function runUntilStop(cpu: Cpu, limit = 1000): number {
  for (let n = 0; n < limit; n++) {
    const r = cpu.step()
    if (r.kind === 'halted' || r.kind === 'shutdown' || r.kind === 'vmexit') return n
  }
  return limit
}

/** The delivered (or intercepted) exceptions among the events. */
export function deliveries(events: CpuEvent[]): Array<Extract<CpuEvent, { kind: 'exception' }>> {
  return events.filter((e): e is Extract<CpuEvent, { kind: 'exception' }> => e.kind === 'exception')
}

/** Assembles AT&T source at GUEST_ORIGIN: the bytes as hex and the label addresses. */
export function program(source: string): { hexText: string; symbols: Record<string, bigint> } {
  const r = assemble(source, { origin: BigInt(GUEST_ORIGIN) })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return { hexText: Buffer.from(r.bytes).toString('hex'), symbols: r.symbols }
}

/** Runs an assembled program on a bare CPU until it stops; faults as [vector, error code, RIP]. */
export function runProgram(source: string, setup: (cpu: Cpu) => void = () => {}, options: BareOptions = {}) {
  const { hexText, symbols } = program(source)
  const { cpu, events } = bareCpu(hexText, options)
  setup(cpu)
  runUntilStop(cpu, 10_000)
  return { cpu, events, symbols, faults: deliveries(events).map((e) => [e.vector, e.errorCode, e.rip]) }
}
