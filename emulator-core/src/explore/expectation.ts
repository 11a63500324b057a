import { parseHex, type AddressRef, type Expectation, type ExitReason, type Hex, type Trace } from '../types'

/**
 * The `expect` block that pins a run's observable results, so a written case replays as a
 * regression test with `patchlab check`. Guest addresses become labels where one names them.
 */
export function expectationFromTrace(trace: Trace): Expectation {
  const labels = new Map<string, string>()
  for (const [name, address] of Object.entries(trace.symbols)) if (!labels.has(address)) labels.set(address, name)
  const value = (h: Hex): bigint => {
    const v = parseHex(h)
    if (v === undefined) throw new RangeError(`trace value '${h}' is not hex`)
    return v
  }
  const address = (h: Hex): AddressRef => {
    const name = labels.get(h)
    return name === undefined ? value(h) : { label: name, offset: 0n }
  }

  const exits: NonNullable<Expectation['exits']> = trace.exits.map((e) => {
    const out: NonNullable<Expectation['exits']>[number] = { reason: e.reason as ExitReason }
    if (e.exception !== undefined) out.exception = e.exception
    if (e.pc !== undefined) out.pc = address(e.pc)
    if (e.dr6 !== undefined) out.dr6 = value(e.dr6)
    if (e.dr7 !== undefined) out.dr7 = value(e.dr7)
    if (e.hardware_entry_failure_reason !== undefined) out.hardware_entry_failure_reason = value(e.hardware_entry_failure_reason)
    return out
  })
  const vmexits: NonNullable<Expectation['vmexits']> = trace.vmexits.map((v) => {
    const out: NonNullable<Expectation['vmexits']>[number] = { reason: value(v.reason), dr6: value(v.dr6) }
    if (v.intr_info !== undefined) out.intr_info = value(v.intr_info)
    if (v.exit_qualification !== undefined) out.exit_qualification = value(v.exit_qualification)
    return out
  })
  const vmm: NonNullable<Expectation['vmm']> = trace.vmm.map((r) => {
    const result: Record<string, bigint | number | boolean> = {}
    for (const [k, v] of Object.entries(r.result)) {
      if (typeof v === 'number' || typeof v === 'boolean') result[k] = v
      else if (parseHex(v) !== undefined && v.startsWith('0x')) result[k] = value(v as Hex)
    }
    return { action: r.action, result }
  })
  const f = trace.final
  return {
    outcome: trace.outcome,
    guest_exceptions: trace.guest_exceptions.map((e) => ({
      vector: BigInt(e.vector),
      rip: address(e.rip),
      ...(e.dr6 !== undefined ? { dr6: value(e.dr6) } : {}),
      error_code: value(e.error_code),
    })),
    exits,
    vmexits,
    vmm,
    final: {
      rip: address(f.rip),
      rflags: value(f.rflags),
      dr6: value(f.dr6),
      dr7: value(f.dr7),
    },
  }
}
