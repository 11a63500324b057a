import { Document, Scalar } from 'yaml'
import type { Expectation, HandlerSpec, Scenario } from '../types/scenario'
import { addressText } from './values'

/** A YAML node for a scenario value: bigints as lowercase hex, labels as `label+N`, undefined dropped. */
function node(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const scalar = new Scalar(value)
    scalar.format = 'HEX'
    return scalar
  }
  if (Array.isArray(value)) return value.map(node)
  if (value && typeof value === 'object') {
    if ('label' in value && 'offset' in value) return addressText(value as { label: string; offset: bigint })
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = node(v)
    return out
  }
  return value
}

function handlerNode(spec: HandlerSpec): unknown {
  return spec.kind === 'label' ? spec.label : { clear_dr6: spec.clear_dr6, set_rf: spec.set_rf }
}

/** A binary guest has no file name to write back, so it is written as `.byte` lines of asm. */
function binaryAsAsm(bytes: Uint8Array): string {
  const lines: string[] = []
  for (let i = 0; i < bytes.length; i += 16) {
    lines.push(`.byte ${Array.from(bytes.subarray(i, i + 16), (b) => `0x${b.toString(16)}`).join(', ')}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * Writes a Scenario back as `patchlab.scenario/1` YAML that parseScenario() reads into an equal
 * Scenario (the fuzzer writes its cases this way). Every key is written, defaults included.
 */
export function serializeScenario(s: Scenario): string {
  const asm = s.guest.asm ?? (s.guest.binary ? binaryAsAsm(s.guest.binary) : '')
  const asmScalar = new Scalar(asm.endsWith('\n') ? asm : `${asm}\n`)
  asmScalar.type = 'BLOCK_LITERAL'
  const doc = new Document({
    schema: s.schema,
    name: s.name,
    ...(s.description !== undefined ? { description: s.description } : {}),
    vendor: s.vendor,
    guest: { asm: asmScalar, cpl: s.guest.cpl },
    vcpu: node(s.vcpu),
    kvm: node(s.kvm),
    vmm: node(s.vmm),
    handlers: Object.fromEntries(Object.entries(s.handlers).map(([v, spec]) => [v, handlerNode(spec as HandlerSpec)])),
    limits: s.limits,
    expect: Object.fromEntries(Object.entries(s.expect).map(([k, e]) => [k, node(e as Expectation)])),
  })
  return doc.toString({ lineWidth: 0 })
}
