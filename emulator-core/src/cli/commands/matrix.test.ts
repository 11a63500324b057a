import { afterEach, describe, expect, it, vi } from 'vitest'
import matrix from './matrix'

const example = (name: string) => new URL(`../../../../examples/${name}.yaml`, import.meta.url).pathname

afterEach(() => vi.restoreAllMocks())

describe('patchlab matrix', () => {
  it('exits 3 and prints the diverging group for S3 over the guest_debug axis', async () => {
    let out = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
    const status = await matrix.run([example('s03-gd-fep-host-use-hw-bp'), '--builds', 'pre,post', '--axes', 'guest_debug', '--format', 'json'])
    expect(status).toBe(3)
    const result = JSON.parse(out) as { cells: Array<{ point: { guest_debug: string }; against_first: Array<string | undefined> }> }
    // docs/reference/kvm-db-semantics.md §4 S3: under USE_HW_BP, POST exits with dr6 0xffff2ff0 where PRE neither exits nor injects.
    const hwbp = result.cells.find((c) => c.point.guest_debug === 'USE_HW_BP')
    expect(hwbp?.against_first[1]).toMatch(/^exits: \S+ → DEBUG\(dr6=0xffff2ff0\)/)
  })

  it('exits 2 on an unknown axis', async () => {
    let err = ''
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
    expect(await matrix.run([example('s03-gd-fep-host-use-hw-bp'), '--builds', 'pre,post', '--axes', 'colour'])).toBe(2)
    expect(err).toBe("patchlab matrix: unknown axis 'colour' (axes: mode, vendor, payload, guest_debug)\n")
  })
})
