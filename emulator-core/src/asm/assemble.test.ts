import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assemble } from './assemble'

function hexOf(source: string, origin = 0n): string {
  const result = assemble(source, { origin })
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'))
  return Buffer.from(result.bytes).toString('hex')
}

describe('assemble', () => {
  // Expected bytes from GNU as 2.40 (`as --64`, objdump -d).
  it('encodes the common forms like GNU as', () => {
    expect(hexOf('mov %dr6, %rax')).toBe('0f21f0')
    expect(hexOf('mov %rax, %dr7')).toBe('0f23f8')
    expect(hexOf('add $1, %al')).toBe('0401')
    expect(hexOf('add $1, %rax')).toBe('4883c001')
    expect(hexOf('mov $1, %rax')).toBe('48c7c001000000')
    expect(hexOf('mov $0xffffffff, %rax')).toBe('48b8ffffffff00000000')
    expect(hexOf('mov %ax, %ss')).toBe('8ed0')
    expect(hexOf('mov %ss, %ax')).toBe('668cd0')
    expect(hexOf('ltr %ax')).toBe('0f00d8')
    expect(hexOf('int $3')).toBe('cc')
    expect(hexOf('xchg %eax, %eax')).toBe('87c0')
    expect(hexOf('push $0x1000')).toBe('6800100000')
    expect(hexOf('mov 0x1000, %eax')).toBe('8b042500100000')
    expect(hexOf('in (%dx), %al')).toBe('ec')
  })

  it('KVM_FEP emits ud2; .ascii "kvm" and records the site', () => {
    const result = assemble('nop\nKVM_FEP mov %dr0, %rax\n', { origin: 0x1000n })
    expect(result.ok && Buffer.from(result.bytes).toString('hex')).toBe('900f0b6b766d0f21c0')
    expect(result.ok && result.fepSites).toEqual([0x1001n])
  })

  it('relaxes jumps to rel8 when in range and exports absolute symbols', () => {
    const near = assemble('start: jmp end\n.fill 100, 1, 0x90\nend: jmp start\n', { origin: 0x4000n })
    expect(near.ok && Buffer.from(near.bytes.slice(0, 2)).toString('hex')).toBe('eb64')
    expect(near.ok && Buffer.from(near.bytes.slice(0x66)).toString('hex')).toBe('eb98')
    expect(near.ok && near.symbols).toEqual({ start: 0x4000n, end: 0x4066n })
    // 200 bytes away no longer fits rel8: jmp rel32 (GAS: e9 c8 00 00 00).
    const far = assemble('start: jmp end\n.fill 200, 1, 0x90\nend: jmp start\n', { origin: 0x4000n })
    expect(far.ok && Buffer.from(far.bytes.slice(0, 5)).toString('hex')).toBe('e9c8000000')
  })

  it('keeps rel8 up to the edge of its reach, forwards and backwards', () => {
    expect(hexOf('jmp end\n.fill 127, 1, 0x90\nend:').slice(0, 4)).toBe('eb7f')
    expect(hexOf('jmp end\n.fill 128, 1, 0x90\nend:').slice(0, 10)).toBe('e980000000')
    expect(hexOf('start: .fill 126, 1, 0x90\njmp start').slice(-4)).toBe('eb80')
    expect(hexOf('start: .fill 127, 1, 0x90\njmp start').slice(-10)).toBe('e97cffffff')
  })

  it('reports errors with line and column', () => {
    const result = assemble('nop\n  movx %rax, %rbx\n', { fileName: 'a.S', lineOffset: 10 })
    expect(result).toEqual({ ok: false, errors: [{ file: 'a.S', line: 12, column: 3, message: "unknown mnemonic 'movx'" }] })
  })

  it('exports labels and .equ/.set/= symbols but not numeric local labels', () => {
    const result = assemble('.equ PORT, 0xe9\nK = PORT + 1\nstart: nop\n1: jmp 1b\nend:\n', { origin: 0x2000n })
    expect(result.ok && result.symbols).toEqual({ start: 0x2000n, end: 0x2003n, PORT: 0xe9n, K: 0xean })
  })

  it('lets a = symbol be assigned again (the value at each use is the latest one)', () => {
    expect(hexOf('x = 1\n.byte x\nx = 2\n.byte x')).toBe('0102')
  })

  it('resolves numeric local labels GNU-style (nearest 1b behind, 1f ahead)', () => {
    // 1: nop / 1: jmp 1b (to itself) / jmp 1f / 1: ret; GNU as: 90 eb fe eb 00 c3.
    expect(hexOf('1: nop\n1: jmp 1b\njmp 1f\n1: ret')).toBe('90ebfeeb00c3')
  })

  it('marks the instruction after KVM_FEP with the label on the next line, as the kernel tests do', () => {
    const result = assemble('KVM_FEP\nfep_insn: mov %dr6, %rax\nKVM_FEP int3\n', { origin: 0x1000n })
    expect(result.ok && result.fepSites).toEqual([0x1000n, 0x1008n])
    expect(result.ok && result.symbols).toEqual({ fep_insn: 0x1005n })
  })

  it('lists each source line with its address and bytes', () => {
    const result = assemble('start:\n  nop ; hlt  # two\n\n.byte 1, 2\n', { origin: 0x10n, lineOffset: 2 })
    expect(result.ok && result.listing).toEqual([
      { line: 3, address: 0x10n, bytes: new Uint8Array([]), source: 'start:' },
      { line: 4, address: 0x10n, bytes: new Uint8Array([0x90, 0xf4]), source: '  nop ; hlt  # two' },
      { line: 6, address: 0x12n, bytes: new Uint8Array([1, 2]), source: '.byte 1, 2' },
    ])
  })

  it('repeats .rept bodies and lists each copy at its address', () => {
    const result = assemble('start:\n.rept 2\n  nop; hlt\n.endr\nret\n', { origin: 0x10n })
    expect(result.ok && result.listing).toEqual([
      { line: 1, address: 0x10n, bytes: new Uint8Array([]), source: 'start:' },
      { line: 2, address: 0x10n, bytes: new Uint8Array([]), source: '.rept 2' },
      { line: 3, address: 0x10n, bytes: new Uint8Array([0x90, 0xf4]), source: '  nop; hlt' },
      { line: 3, address: 0x12n, bytes: new Uint8Array([0x90, 0xf4]), source: '  nop; hlt' },
      { line: 4, address: 0x14n, bytes: new Uint8Array([]), source: '.endr' },
      { line: 5, address: 0x14n, bytes: new Uint8Array([0xc3]), source: 'ret' },
    ])
  })

  it('lists the bytes it emitted, even after the caller changed result.bytes', () => {
    const result = assemble('nop\nhlt\n')
    if (!result.ok) throw new Error('did not assemble')
    result.bytes.fill(0)
    expect(result.listing.map((l) => [...l.bytes])).toEqual([[0x90], [0xf4]])
    expect(result.listing).toBe(result.listing)
  })

  it('evaluates expressions with GAS operators and precedence', () => {
    // GAS gives | & ^ higher precedence than + and -: 1 + 2 | 4 = 1 + (2 | 4) = 7.
    expect(hexOf('.byte 1 + 2 | 4, (1 << 4) >> 2, ~0 & 0xf, 7 - 2 * 3, 0b11, 010, 0x1f, \'a\', -1')).toBe('0704' + '0f' + '01' + '03' + '08' + '1f' + '61' + 'ff')
  })

  it('uses label differences and the current address', () => {
    const result = assemble('a: .fill 5\nb: .long b - a\n.quad .\n', { origin: 0x100n })
    expect(result.ok && Buffer.from(result.bytes).toString('hex')).toBe('0000000000' + '05000000' + '0901000000000000')
  })

  it('keeps ; inside strings and treats # in a character literal as data', () => {
    expect(hexOf('.ascii "a;b#c" ; .byte \'#\'')).toBe('613b622363' + '23')
  })

  it('places .org relative to the start and fills the gap', () => {
    const result = assemble('.byte 1\n.org 4, 0xcc\nhere: .byte 2\n', { origin: 0x7000n })
    expect(result.ok && Buffer.from(result.bytes).toString('hex')).toBe('01cccccc02')
    expect(result.ok && result.symbols.here).toBe(0x7004n)
  })

  it('encodes %rip-relative labels against the final layout', () => {
    // lea data(%rip),%rax at 0x1000 (7 bytes), ret, data at 0x1008: disp = 0x1008 - 0x1007 = 1.
    expect(hexOf('lea data(%rip), %rax\nret\ndata: .byte 0', 0x1000n)).toBe('488d0501000000c300')
  })

  it('encodes a %rip-relative label for each address the instruction sits at', () => {
    // d at 0x20 both times; the 7-byte mov ends at 7, then at 8.
    expect(hexOf('mov d(%rip), %rax\n.org 0x20\nd:')).toBe('488b0519000000' + '00'.repeat(0x19))
    expect(hexOf('nop\nmov d(%rip), %rax\n.org 0x20\nd:')).toBe('90488b0518000000' + '00'.repeat(0x18))
  })

  // Each testdata/NAME.S next to NAME.gas.hex: the bytes of `as --64` then `ld -Ttext=0x400000 --oformat=binary`.
  it.each(['scenario-200', 'label-operands'])('%s.S matches GNU as + ld byte for byte', (name) => {
    const source = readFileSync(new URL(`./testdata/${name}.S`, import.meta.url), 'utf8')
    const expected = readFileSync(new URL(`./testdata/${name}.gas.hex`, import.meta.url), 'utf8').trim()
    const result = assemble(source, { origin: 0x400000n })
    expect(result.ok && Buffer.from(result.bytes).toString('hex')).toBe(expected)
  })

  describe('a 200-line scenario-style program (testdata/scenario-200.S)', () => {
    const source = readFileSync(new URL('./testdata/scenario-200.S', import.meta.url), 'utf8')

    it('assembles in well under 50 ms after warm-up', () => {
      for (let i = 0; i < 20; i++) assemble(source)
      // The best of several runs: other processes on a shared machine only ever make a run slower.
      let best = Infinity
      for (let i = 0; i < 20; i++) {
        const start = performance.now()
        expect(assemble(source, { origin: 0x400000n }).ok).toBe(true)
        best = Math.min(best, performance.now() - start)
      }
      expect(best).toBeLessThan(50)
    })
  })
})
