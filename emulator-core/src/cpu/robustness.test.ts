/**
 * Whatever bytes the guest runs, the CPU either executes them, raises an architectural exception
 * (#UD naming the mnemonic for what it does not model) or shuts down — it never throws an internal
 * error that would abort a run.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assemble } from '../asm'
import { bareCpu } from './test-support'

function runBytes(bytes: Uint8Array, registers: bigint[]): void {
  const { cpu } = bareCpu('f4')
  cpu.writeBytes(0x100000, bytes)
  registers.forEach((v, n) => {
    if (n !== 4) cpu.setReg(n, v)
  })
  for (let k = 0; k < 8; k++) cpu.step()
}

describe('robustness', () => {
  it('random instruction bytes never make step() throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(fc.constantFrom(0n, 0x200000n, 0x3fffffn, 0xffffffffffffffffn, 0x8000000000000000n), { minLength: 16, maxLength: 16 }), (bytes, registers) => {
        expect(() => runBytes(bytes, registers)).not.toThrow()
      }),
      { numRuns: 400 },
    )
  })

  it('unusual operand forms execute or fault architecturally', () => {
    const forms = [
      'pop %fs', 'push %gs', 'pushw %fs', 'lea (%eax), %eax', 'movsbw %al, %cx', 'mov %ds, (%rax)', 'pushw $1', 'popw %ax', 'cmpxchg %al, (%rdi)',
      'imul $3, (%rax), %ecx', 'rclq $1, (%rax)', 'in $0x60, %al', 'out %eax, %dx', 'jmp *(%rax)', 'call *8(%rsp)', 'mov %rax, %cr3', 'mov %dr6, %r9',
      'setb (%rax)', 'negw (%rax)', 'xaddl %eax, (%rax)', 'btsl $3, (%rax)', 'mov (%rax), %ss', 'movabs 0x2000, %rax', 'mulb (%rax)', 'divw %cx',
      'rep stosb', 'leave', 'ret $4', 'cmovzq (%rax), %rcx', 'shld $3, %eax, %ebx', 'syscall', 'xlat', 'ljmpl *(%rcx)', 'lcall *(%rax)',
    ]
    for (const form of forms) {
      const r = assemble(`${form}\nhlt`, { origin: 0x100000n })
      if (!r.ok) throw new Error(`${form}: ${r.errors[0]?.message}`)
      expect(() => runBytes(r.bytes, [0x200000n, 3n, 0x3fdn, 0n, 0n, 0n, 0x200200n, 0x200100n])).not.toThrow()
    }
  })
})
