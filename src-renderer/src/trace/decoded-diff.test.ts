import { describe, expect, it } from 'vitest'
import { diffParts, dr6DeltaText } from './decoded-diff'

describe('decoded diffs', () => {
  // docs/reference/kvm-db-semantics.md §4 S3: the exit's DR6 0xffff2ff0 reports BD (bit 13, SDM Figure 18-1) where 0xffff0ff0 reports none.
  it('gives the DR6 bit delta between the sides', () => {
    expect(dr6DeltaText('final.dr6', '0xffff0ff0', '0xffff2ff0')).toBe('+BD')
    expect(dr6DeltaText('guest_exceptions[0].dr6', '0xffff4ff1', '0xffff4ff0')).toBe('-B0')
    expect(dr6DeltaText('final.rip', '0x1', '0x2')).toBeUndefined()
  })
  it('decodes both sides', () => {
    expect(diffParts({ path: 'final.dr6', a: '0xffff0ff0', b: '0xffff2ff0' }).map((p) => p.text)).toEqual(['0xffff0ff0 (none)', '≠', '0xffff2ff0 (BD)', '[+BD]'])
    expect(diffParts({ path: 'exits[0]', b: 'DEBUG(pc=0x1,dr6=0xffff2ff0)' }).map((p) => p.text)).toEqual(['—', '≠', 'DEBUG(pc=0x1,dr6=0xffff2ff0 (BD))'])
  })
})
