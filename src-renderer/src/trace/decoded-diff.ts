// One differing value between the sides (a result list entry, a row field), decoded on both sides, with the DR6
// bit delta (`+BD`, `-B0`) when it is a DR6 image.
import { decodeNamedValue, dr6Delta } from '@patchlab/emulator-core/decode'
import type { FieldDiff } from '@patchlab/emulator-core/types'
import { bitTableTitle, type EventPart } from './decoded-event'

const HEX = /^0x[0-9a-f]+$/i

export function valuePart(path: string, value: string | undefined): EventPart {
  if (value === undefined) return { text: '—' }
  const decoded = decodeNamedValue(path, value)
  if (decoded) return { text: decoded.text, title: bitTableTitle(path, decoded) }
  // A record's text (`DEBUG(pc=…,dr6=0xffff2ff0)`, a VMM result list): its register images decoded in place.
  return { text: value.replace(EMBEDDED, (all, name: string, raw: string) => `${name}=${decodeNamedValue(name, raw)?.text ?? raw}`) }
}

const EMBEDDED = /\b(dr[67])=(0x[0-9a-f]+)/gi

/** The DR6 conditions B reports and A does not (`+BD`), and the reverse (`-B0`); empty for other fields. */
export function dr6DeltaText(path: string, a: string | undefined, b: string | undefined): string | undefined {
  const name = path.split('.').pop()?.replace(/\[.*$/, '') ?? ''
  if (!/^dr6(_|$)/.test(name) || !a || !b || !HEX.test(a) || !HEX.test(b)) return undefined
  const delta = dr6Delta(a as `0x${string}`, b as `0x${string}`)
  return delta.length ? delta.join(' ') : undefined
}

export function diffParts(d: FieldDiff): EventPart[] {
  const delta = dr6DeltaText(d.path, d.a, d.b)
  return [valuePart(d.path, d.a), { text: '≠' }, valuePart(d.path, d.b), ...(delta ? [{ text: `[${delta}]`, title: 'DR6 conditions side B reports that side A does not (+), and the reverse (−)' }] : [])]
}
