import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assemble } from './assemble'
import { disassemble } from './disassemble'

/*
 * Property (issue 2 §5): random operands of every supported form → assemble → iced decode + GAS format → the
 * input text. Inputs are generated already in the canonical form iced's GAS formatter prints, which is:
 *   - no space after commas; lowercase `0x…` numbers; immediates unsigned in the operand size
 *     (`add $-1,%ax` prints as `add $0xffff,%ax`; a 64-bit operation's imm32 prints sign-extended to 64 bits);
 *   - a size suffix only when no register operand fixes the size (`addl $0x1,(%rax)`);
 *   - zero displacements and a scale of 1 are omitted (`0x0(%rax,%rbx,1)` prints as `(%rax,%rbx)`);
 *   - condition codes in their first spelling (setne, not setnz); shift-by-one prints as `shl $0x1,…`;
 *   - `mov $imm,%r64` whose value needs 64 bits prints as movabs.
 * Forms whose text GAS and iced spell differently (pushfq → pushf, stosb → stos %al,(%rdi), xchg operand
 * order) are covered byte for byte by gas-encodings.test.ts instead.
 */

const gpr = {
  8: ['%al', '%cl', '%dl', '%bl', '%spl', '%bpl', '%sil', '%dil', '%r8b', '%r9b', '%r10b', '%r11b', '%r12b', '%r13b', '%r14b', '%r15b'],
  16: ['%ax', '%cx', '%dx', '%bx', '%sp', '%bp', '%si', '%di', '%r8w', '%r9w', '%r10w', '%r11w', '%r12w', '%r13w', '%r14w', '%r15w'],
  32: ['%eax', '%ecx', '%edx', '%ebx', '%esp', '%ebp', '%esi', '%edi', '%r8d', '%r9d', '%r10d', '%r11d', '%r12d', '%r13d', '%r14d', '%r15d'],
  64: ['%rax', '%rcx', '%rdx', '%rbx', '%rsp', '%rbp', '%rsi', '%rdi', '%r8', '%r9', '%r10', '%r11', '%r12', '%r13', '%r14', '%r15'],
} as const
type Size = keyof typeof gpr
const suffix: Record<Size, string> = { 8: 'b', 16: 'w', 32: 'l', 64: 'q' }
const sizeArb = fc.constantFrom<Size>(8, 16, 32, 64)
const reg = (size: Size) => fc.constantFrom(...gpr[size])

const hex = (v: bigint) => (v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`)

/** An immediate for an operation of `size`, printed the way iced prints it. */
const immediate = (size: Size) =>
  size === 64
    ? fc.bigInt(-0x80000000n, 0x7fffffffn).map((v) => `$${hex(BigInt.asUintN(64, v))}`)
    : fc.bigInt(0n, (1n << BigInt(size)) - 1n).map((v) => `$${hex(v)}`)

const displacement = fc.oneof(fc.constant(0n), fc.bigInt(-0x80n, 0x7fn), fc.bigInt(-0x80000000n, 0x7fffffffn))
const indexRegister = fc.constantFrom(...gpr[64].filter((r) => r !== '%rsp'))

const memory = fc.oneof(
  fc.record({
    segment: fc.constantFrom('', '%fs:', '%gs:'),
    disp: displacement,
    base: fc.option(reg(64), { nil: undefined }),
    index: fc.option(indexRegister, { nil: undefined }),
    scale: fc.constantFrom(1, 2, 4, 8),
  }).map(({ segment, disp, base, index, scale }) => {
    if (!base && !index) return `${segment}${hex(disp < 0n ? -(disp + 1n) : disp)}`
    const d = disp === 0n ? '' : hex(disp)
    const s = index ? `,${index}${scale === 1 ? '' : `,${scale}`}` : ''
    return `${segment}${d}(${base ?? ''}${s})`
  }),
  displacement.map((d) => `${d === 0n ? '' : hex(d)}(%rip)`),
)

const alu = fc.constantFrom('add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp')
const unary = fc.constantFrom('inc', 'dec', 'neg', 'not', 'mul', 'imul', 'div', 'idiv')
const shift = fc.constantFrom('rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar')
const conditions = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g']

const instruction = fc.oneof(
  sizeArb.chain((s) => fc.tuple(alu, reg(s), reg(s)).map(([op, a, b]) => `${op} ${a},${b}`)),
  sizeArb.chain((s) => fc.tuple(alu, immediate(s), reg(s)).map(([op, i, r]) => `${op} ${i},${r}`)),
  sizeArb.chain((s) => fc.tuple(alu, memory, reg(s)).map(([op, m, r]) => `${op} ${m},${r}`)),
  sizeArb.chain((s) => fc.tuple(alu, reg(s), memory).map(([op, r, m]) => `${op} ${r},${m}`)),
  sizeArb.chain((s) => fc.tuple(alu, immediate(s), memory).map(([op, i, m]) => `${op}${suffix[s]} ${i},${m}`)),
  sizeArb.chain((s) => fc.tuple(reg(s), reg(s)).map(([a, b]) => `mov ${a},${b}`)),
  sizeArb.chain((s) => fc.tuple(memory, reg(s)).map(([m, r]) => `mov ${m},${r}`)),
  sizeArb.chain((s) => fc.tuple(reg(s), memory).map(([r, m]) => `mov ${r},${m}`)),
  sizeArb.chain((s) => fc.tuple(immediate(s), memory).map(([i, m]) => `mov${suffix[s]} ${i},${m}`)),
  fc.tuple(sizeArb, fc.bigInt(0n, (1n << 64n) - 1n)).chain(([s, v]) =>
    reg(s).map((r) => {
      const value = BigInt.asUintN(s, v)
      const wide = s === 64 && value > 0x7fffffffn && value < 0xffffffff80000000n
      return `${wide ? 'movabs' : 'mov'} $${hex(value)},${r}`
    }),
  ),
  sizeArb.chain((s) => fc.tuple(unary, reg(s)).map(([op, r]) => `${op} ${r}`)),
  sizeArb.chain((s) => fc.tuple(unary, memory).map(([op, m]) => `${op}${suffix[s]} ${m}`)),
  sizeArb.chain((s) => fc.tuple(shift, fc.integer({ min: 1, max: 0xff }), reg(s)).map(([op, n, r]) => `${op} $0x${n.toString(16)},${r}`)),
  sizeArb.chain((s) => fc.tuple(shift, reg(s)).map(([op, r]) => `${op} %cl,${r}`)),
  sizeArb.chain((s) => fc.tuple(shift, memory).map(([op, m]) => `${op}${suffix[s]} %cl,${m}`)),
  sizeArb.chain((s) => fc.tuple(reg(s), reg(s)).map(([a, b]) => `test ${a},${b}`)),
  sizeArb.chain((s) => fc.tuple(immediate(s), reg(s)).map(([i, r]) => `test ${i},${r}`)),
  // lea ignores segments, so iced does not print one.
  fc.tuple(memory, reg(64)).map(([m, r]) => `lea ${m.replace(/^%[fg]s:/, '')},${r}`),
  fc.tuple(fc.constantFrom('push', 'pop'), reg(64)).map(([op, r]) => `${op} ${r}`),
  fc.tuple(fc.constantFrom('pushq', 'popq'), memory).map(([op, m]) => `${op} ${m}`),
  fc.tuple(fc.constantFrom(0, 2, 3, 4, 8), reg(64)).map(([n, r]) => `mov %cr${n},${r}`),
  fc.tuple(fc.constantFrom(0, 2, 3, 4, 8), reg(64)).map(([n, r]) => `mov ${r},%cr${n}`),
  fc.tuple(fc.constantFrom(0, 1, 2, 3, 6, 7), reg(64)).map(([n, r]) => `mov %dr${n},${r}`),
  fc.tuple(fc.constantFrom(0, 1, 2, 3, 6, 7), reg(64)).map(([n, r]) => `mov ${r},%dr${n}`),
  fc.tuple(fc.constantFrom('%es', '%ss', '%ds', '%fs', '%gs'), reg(16)).map(([s, r]) => `mov ${s},${r}`),
  fc.constantFrom(['b', 16], ['b', 32], ['b', 64], ['w', 32], ['w', 64]).chain(([from, to]) =>
    fc.tuple(fc.constantFrom('z', 's'), reg(from === 'b' ? 8 : 16), reg(to as Size)).map(([kind, a, b]) => `mov${kind}${from}${suffix[to as Size]} ${a},${b}`),
  ),
  fc.tuple(fc.constantFrom(...conditions), reg(8)).map(([cc, r]) => `set${cc} ${r}`),
  fc.tuple(fc.constantFrom(...conditions), fc.constantFrom<Size>(16, 32, 64)).chain(([cc, s]) =>
    fc.tuple(reg(s), reg(s)).map(([a, b]) => `cmov${cc} ${a},${b}`),
  ),
  fc.integer({ min: 0, max: 0xff }).filter((n) => n !== 3).map((n) => `int $0x${n.toString(16)}`),
  fc.constantFrom('int3', 'int1', 'ud2', 'hlt', 'nop', 'cpuid', 'rdmsr', 'wrmsr', 'sti', 'cli', 'iretq', 'ret', 'cltq', 'cqto', 'cwtl', 'cltd', 'lfence'),
  fc.tuple(fc.constantFrom('%al', '%ax', '%eax'), fc.integer({ min: 0, max: 0xff })).map(([r, p]) => `in $0x${p.toString(16)},${r}`),
  fc.constantFrom('%al', '%ax', '%eax').map((r) => `out ${r},%dx`),
  // String instructions as iced prints them: with their operands, sized by suffix or by the register.
  fc.tuple(
    fc.constantFrom('', 'rep '),
    fc.constantFrom('movsb (%rsi),(%rdi)', 'movsw (%rsi),(%rdi)', 'movsl (%rsi),(%rdi)', 'movsq (%rsi),(%rdi)', 'stos %al,(%rdi)',
      'stos %rax,(%rdi)', 'lods (%rsi),%eax', 'lods (%rsi),%ax'),
  ).map(([rep, text]) => rep + text),
  fc.constantFrom('scas (%rdi),%al', 'cmpsb (%rdi),(%rsi)', 'cmpsq (%rdi),(%rsi)', 'insb %dx,(%rdi)', 'outsl (%rsi),%dx'),
)

function roundTrip(text: string): string {
  const result = assemble(text)
  if (!result.ok) return `error: ${result.errors[0].message}`
  const decoded = disassemble(result.bytes, 0n)
  return decoded.length === 1 ? decoded[0].text : `decoded into ${decoded.length} instructions`
}

describe('assemble → decode → GAS format round trip', () => {
  it('reproduces every generated instruction', () => {
    fc.assert(
      fc.property(instruction, (text) => {
        expect(roundTrip(text)).toBe(text)
      }),
      { numRuns: 2000 },
    )
  })
})
