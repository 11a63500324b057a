// An event as the trace shows it, decoded by the engine's one decoding module: exceptions and exit reasons by
// name and number, DR6/DR7/payload images with their set bits named, each decoded value carrying its SDM bit
// table for the hover. Only composition here; every name comes from @patchlab/emulator-core/decode.
import { decodeExitFields, decodeNamedValue, decodeVmExitFields, exceptionText, exitHeadline } from '@patchlab/emulator-core/decode'
import type { BitRow, DecodedField, DecodedValue, TraceEvent, Vendor } from '@patchlab/emulator-core/types'
import { eventText } from './event-text'

/** A piece of a row's text; `title` (a decoded value's bit table) is its hover. */
export interface EventPart {
  text: string
  title?: string
}

/** The hover of a decoded register image: one line per field, with the SDM's name for it. */
export function bitTableTitle(label: string, value: Pick<DecodedValue, 'text' | 'table'>): string {
  return [`${label} ${value.text}`, ...value.table.map((r) => bitRowText(r))].join('\n')
}

function bitRowText(r: BitRow): string {
  return `${r.active ? '●' : '○'} bit ${r.bits.padEnd(5)} ${r.name.padEnd(9)} = ${r.value}${r.meaning ? ` (${r.meaning})` : ''}  ${r.sdm}`
}

function fieldPart(f: DecodedField): EventPart {
  return { text: `${f.name}=${f.text}`, title: f.table ? bitTableTitle(f.name, { text: f.text, table: f.table }) : undefined }
}

/** `name=value`, decoded when the field is a DR6/DR7 image or a #DB payload. */
export function namedPart(name: string, value: string, vector?: number): EventPart {
  const decoded = decodeNamedValue(name, value, vector)
  return decoded ? { text: `${name}=${decoded.text}`, title: bitTableTitle(name, decoded) } : { text: `${name}=${value}` }
}

export function eventParts(event: TraceEvent, vendor: Vendor): EventPart[] {
  switch (event.kind) {
    case 'exception': {
      const parts: EventPart[] = [{ text: `${exceptionText(event.vector)} ${event.action}` }, { text: `rip=${event.rip}` }]
      if (event.error_code !== undefined) parts.push({ text: `error_code=${event.error_code}` })
      if (event.has_payload) parts.push(event.payload ? namedPart('payload', event.payload, event.vector) : { text: 'payload=?' })
      if (event.dr6_before === event.dr6_after) parts.push(namedPart('dr6', event.dr6_after))
      else parts.push(namedPart('dr6', event.dr6_before), { text: '→' }, namedPart('dr6', event.dr6_after))
      if (event.level === 'L2') parts.push({ text: '(L2)' })
      return parts
    }
    case 'exit': {
      const parts: EventPart[] = [{ text: `exit ${exitHeadline(event)}` }, ...decodeExitFields(event).filter((f) => f.name !== 'exception').map(fieldPart)]
      if (event.port !== undefined) parts.push({ text: `port=${event.port}${event.direction ? ` ${event.direction}` : ''}` })
      return parts
    }
    case 'vmexit':
      return [{ text: 'vmexit' }, ...decodeVmExitFields(event, vendor).map(fieldPart), { text: `rip=${event.rip}` }]
    case 'vmm':
      if (!event.result) return [{ text: eventText(event) }]
      return [{ text: `vmm ${event.action}` }, ...Object.entries(event.result).map(([k, v]) => namedPart(k, String(v)))]
    case 'insn':
    case 'note':
      return [{ text: eventText(event) }]
  }
}
