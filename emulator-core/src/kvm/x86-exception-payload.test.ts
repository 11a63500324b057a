import { describe, expect, it } from 'vitest'
import { mergeDbPayload } from './x86-exception-payload'

// Expected values: docs/reference/kvm-db-semantics.md §2.2 (worked example) and §4 S1/S1b/S1c; bit polarities from §1.
describe('kvm_deliver_exception_payload DR6 merge', () => {
  it('reference worked example: 0xffff4ff1 + BD -> 0xffff6ff0 (B0 cleared, BS kept)', () => {
    expect(mergeDbPayload(0xffff4ff1n, 0x2000n)).toBe(0xffff6ff0n)
  })
  it('S1: reset DR6 + BD -> 0xffff2ff0', () => {
    expect(mergeDbPayload(0xffff0ff0n, 0x2000n)).toBe(0xffff2ff0n)
  })
  it('S1c: RTM-active DR6 0xfffe0ff0 + BD -> 0xffff2ff0 (OR with DR6_ACTIVE_LOW)', () => {
    expect(mergeDbPayload(0xfffe0ff0n, 0x2000n)).toBe(0xffff2ff0n)
  })
  it('active-high RTM and BLD in the payload clear their active-low DR6 bits', () => {
    expect(mergeDbPayload(0xffff0ff0n, 0x10000n)).toBe(0xfffe0ff0n)
    expect(mergeDbPayload(0xffff0ff0n, 0x800n)).toBe(0xffff07f0n)
  })
  it('bit 12 of the payload never reaches DR6', () => {
    expect(mergeDbPayload(0xffff0ff0n, 0x1001n)).toBe(0xffff0ff1n)
  })
})
