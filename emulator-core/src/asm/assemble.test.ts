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

  it('reports errors with line and column', () => {
    const result = assemble('nop\n  movx %rax, %rbx\n', { fileName: 'a.S', lineOffset: 10 })
    expect(result).toEqual({ ok: false, errors: [{ file: 'a.S', line: 12, column: 3, message: "unknown mnemonic 'movx'" }] })
  })
})
