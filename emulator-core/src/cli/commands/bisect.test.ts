import { afterEach, describe, expect, it, vi } from 'vitest'
import bisect from './bisect'

const example = (name: string) => new URL(`../../../../examples/${name}.yaml`, import.meta.url).pathname

function capture(): { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
  return { out: () => out, err: () => err }
}

afterEach(() => vi.restoreAllMocks())

describe('patchlab bisect', () => {
  it('names v3-05 for S6 (docs/reference/kvm-db-semantics.md §3: 05/10 makes emulation ignore guest code breakpoints under USE_HW_BP)', async () => {
    const io = capture()
    expect(await bisect.run([example('s06-guest-code-bp-under-use-hw-bp'), '--from', 'pre', '--to', 'post'])).toBe(3)
    expect(io.out()).toContain('First change: v3-05 ("KVM: x86: Honor KVM_GUESTDBG_USE_HW_BP when checking for code breakpoints in emulation", 00b6520669bc)')
  })

  it('names v3-01 for S12 (docs/reference/kvm-db-semantics.md §3: 01/10 refreshes PENDING_DBG.BS on every injected #DB)', async () => {
    const io = capture()
    expect(await bisect.run([example('s12-fep-sti-tf-pending-bs'), '--format', 'json'])).toBe(3)
    expect(JSON.parse(io.out()).first_change.patch).toBe('v3-01')
  })

  it('exits 0 when no patch changes the result (S1 is = in docs/reference/kvm-db-semantics.md §4)', async () => {
    const io = capture()
    expect(await bisect.run([example('s01-gd-fep-mov-dr0')])).toBe(0)
    expect(io.out()).toContain('No patch between pre and post changes the observable result.')
  })

  it('exits 2 naming an unknown build', async () => {
    const io = capture()
    expect(await bisect.run([example('s01-gd-fep-mov-dr0'), '--to', 'v9-99'])).toBe(2)
    expect(io.err()).toContain("unknown build 'v9-99'")
  })
})
