import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assemble } from './assemble'

function errorsOf(source: string): string[] {
  const result = assemble(source)
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)
}

describe('assembly errors name the line, column and what to do', () => {
  it.each([
    ['movx %rax, %rbx', "1:1: unknown mnemonic 'movx'"],
    ['movb %ax, %bx', "1:1: operand size mismatch: 'movb %ax, %bx'"],
    ['mov %ax, %ebx', "1:1: operand size mismatch: 'mov %ax, %ebx'"],
    ['  jmp foo', "1:7: undefined symbol 'foo'"],
    ['1: .fill 200\nloop 1b', '2:6: jump target out of range'],
    // GAS 2.40 only warns here and picks the l form; PatchLab asks rather than guess the access width.
    ['inc (%rax)', "1:1: operand size is ambiguous: add a suffix (b, w, l or q) to 'inc'"],
    ['rcr %cl, (%rax)', "1:1: operand size is ambiguous: add a suffix (b, w, l or q) to 'rcr'"],
    ['.byte 256', '1:7: value 0x100 does not fit in .byte (8 bits)'],
    ['mov %xyz, %rax', "1:5: unknown register '%xyz'"],
    ['mov rax, 1', "1:5: undefined symbol 'rax' (registers are written with '%': %rax)"],
    ['kvm_fep', "1:1: unknown mnemonic 'kvm_fep' (the forced-emulation prefix is spelled KVM_FEP)"],
    ['jmp 1b', "1:5: no local label '1:' before this line for '1b'"],
    ['a: nop\na: nop', "2:1: symbol 'a' is already defined on line 1"],
    ['x = 1\nx: nop', "2:1: symbol 'x' is already defined on line 1"],
    ['x: nop\n  x = 2', "2:3: symbol 'x' is already defined on line 1"],
    ['.org 4\n.org 2', '2:6: .org 0x2 would move backwards (already at offset 0x4)'],
    ['.ascii "abc', '1:8: unterminated string (missing closing ")'],
    ['.foo 1', "1:1: unknown directive '.foo'"],
    ['add $0x100, %al', "1:5: immediate 0x100 is out of range for 'add $0x100, %al'"],
    ['mov (%rax,%rsp), %rax', "1:11: '%rsp' cannot be an index register"],
    ['mov 8(%rax,%rbx,3), %rax', '1:17: scale must be 1, 2, 4 or 8'],
    ['lea %rax, %rbx', "1:1: invalid operands for 'lea': 'lea %rax, %rbx'"],
    ['.align 3', '1:8: alignment 3 is not a power of two'],
    ['mov 0x100000000(%rax), %rax', '1:5: 0x100000000 is out of range of a signed 32-bit displacement'],
    ['mov $(1/0), %eax', '1:8: division by zero'],
    ['.code32', '1:1: .code32 is not supported: guest code is 64-bit (.code64)'],
    ['.fill 0x1000000, 5', '1:7: the program would grow past 64 MiB'],
    ['.rept 2\nnop', "1:1: '.rept' without a matching '.endr'"],
    ['nop\n.endr', "2:1: '.endr' without a '.rept'"],
    ['.rept n\nnop\n.endr', "1:7: the .rept count must be a number (found 'n')"],
    ['.rept 2\n  bogus\n.endr', "2:3: unknown mnemonic 'bogus'", "2:3: unknown mnemonic 'bogus'"],
    ['lock mov %eax, (%rbx)', "1:6: 'lock' needs a lockable instruction with a memory destination, not 'mov %eax, (%rbx)' (for a deliberate #UD, write .byte 0xf0 before it)"],
    ['lock add %eax, %ebx', "1:6: 'lock' needs a lockable instruction with a memory destination, not 'add %eax, %ebx' (for a deliberate #UD, write .byte 0xf0 before it)"],
    ['.quad 0x10000000000000000', "1:7: number '0x10000000000000000' does not fit in 64 bits"],
  ])('%s', (source, ...messages) => {
    expect(errorsOf(source)).toEqual(messages)
  })

  it('treats names like constructor and __proto__ as plain names', () => {
    expect(errorsOf('constructor %rax')).toEqual(["1:1: unknown mnemonic 'constructor'"])
    const result = assemble('__proto__: nop\nconstructor: nop')
    expect(result.ok && Object.entries(result.symbols)).toEqual([['__proto__', 0n], ['constructor', 1n]])
  })

  it('reports every bad line, not just the first', () => {
    expect(errorsOf('nop\nfoo\nnop\nbar %rax')).toEqual(["2:1: unknown mnemonic 'foo'", "4:1: unknown mnemonic 'bar'"])
  })

  it('shifts lines by lineOffset and names the file', () => {
    const result = assemble('nop\n\n  hlt x', { fileName: 'scenario.yaml', lineOffset: 7 })
    expect(result).toEqual({ ok: false, errors: [{ file: 'scenario.yaml', line: 10, column: 7, message: "undefined symbol 'x'" }] })
  })

  it('never throws, whatever the input', () => {
    const pieces = ['mov', 'add', 'jmp', '%rax', '%al', '$', '(', ')', ',', ':', '1f', '1b', '.byte', '.fill', '.org', '.align',
      'KVM_FEP', '"', "'", '#', '/*', '*/', ';', '\n', 'label', '0x', '-', '+', '*', '<<', '.', '=', '.equ', '999999999999999999999', '.rept', '.endr']
    const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((parts) => parts.join(' '))
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), soup), (source) => {
        const result = assemble(source)
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) {
          for (const error of result.errors) {
            expect(error.line).toBeGreaterThanOrEqual(1)
            expect(error.column).toBeGreaterThanOrEqual(1)
            expect(error.message).not.toMatch(/internal assembler error/)
          }
        }
      }),
      { numRuns: 1500 },
    )
  })

  // Whole programs, a fixed time budget per CI run: every error sits on a line of the program, and no
  // input (huge .space/.fill/.org, nested .rept, 64-bit overflow) takes long or throws.
  it('answers bytes or positioned errors for arbitrary multi-line programs (fast-check, ~3 s budget)', () => {
    const operands = ['%rax', '%eax', '%al', '%dr7', '%cr4', '$0x10', '$-1', '(%rsp)', '8(%rbp,%rcx,4)', 'label', '1f', '1b', '0xffffffffffffffff', '0x10000000000000000', '%ss']
    const statements = [
      fc.tuple(fc.constantFrom('mov', 'movq', 'add', 'push', 'pop', 'jmp', 'call', 'int3', 'icebp', 'hlt', 'nop', 'pushf', 'popf', 'sti', 'cli', 'ud2', 'iretq', 'mov', 'syscall'), fc.array(fc.constantFrom(...operands), { maxLength: 3 })).map(([m, ops]) => `${m} ${ops.join(', ')}`),
      fc.tuple(fc.constantFrom('.byte', '.word', '.long', '.quad', '.space', '.skip', '.fill', '.org', '.align', '.rept', '.equ x,', '.ascii'), fc.oneof(fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map(String), fc.constantFrom('"s"', 'label', 'x', '1, 2, 3'))).map(([d, v]) => `${d} ${v}`),
      fc.constantFrom('label:', '1:', 'KVM_FEP', '.endr', '# comment', '/* open', '*/', ''),
    ]
    const program = fc.array(fc.oneof(...statements), { maxLength: 40 }).map((lines) => lines.join('\n'))
    fc.assert(
      fc.property(program, (source) => {
        const started = performance.now()
        const result = assemble(source, { fileName: 'p.S' })
        expect(performance.now() - started).toBeLessThan(1_000)
        if (result.ok) return
        const lines = source.split('\n').length
        for (const error of result.errors) {
          expect(error.file).toBe('p.S')
          expect(error.line).toBeGreaterThanOrEqual(1)
          expect(error.line).toBeLessThanOrEqual(lines)
          expect(error.column).toBeGreaterThanOrEqual(1)
          expect(error.message).not.toMatch(/internal assembler error|\n/)
        }
      }),
      { seed: 15, numRuns: 100_000, interruptAfterTimeLimit: 3_000, markInterruptAsFailure: false },
    )
  }, 20_000)
})
