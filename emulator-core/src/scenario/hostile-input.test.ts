// Scenario files people mail around: hostile or broken input gets one clear, positioned error within a
// bounded time and memory, never a hang, an out-of-memory or an exception other than InputErrors.
import fc from 'fast-check'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputErrors, type InputError } from '../types'
import { MAX_SCENARIO_LENGTH, parseScenario } from './parse'

const HEAD = 'schema: patchlab.scenario/1\nname: x\n'

function errorsOf(text: string, options: Parameters<typeof parseScenario>[2] = {}): InputError[] {
  try {
    parseScenario(text, 'x.yaml', options)
  } catch (e) {
    if (e instanceof InputErrors) return e.errors
    throw e
  }
  throw new Error('parsed without an error')
}

/** `line:column key: message` of the first error, and how long the parse took. */
function first(text: string, options: Parameters<typeof parseScenario>[2] = {}): string {
  const e = errorsOf(text, options)[0]
  return `${e.line}:${e.column}${e.key ? ` ${e.key}` : ''}: ${e.message}`
}

const nestedReps = (depth: number, inner: string) => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`

describe('hostile scenario input', () => {
  it.each([
    ['an empty file', '', "1:1: a scenario is a YAML mapping that starts with 'schema: patchlab.scenario/1'; this file is empty"],
    ['only blank lines', '\n  \n', "1:1: a scenario is a YAML mapping that starts with 'schema: patchlab.scenario/1'; this file is empty"],
    ['a bare string', 'hello', "1:1: a scenario is a YAML mapping that starts with 'schema: patchlab.scenario/1'; this document is a single value"],
    ['a list', '- a\n- b\n', "1:1: a scenario is a YAML mapping that starts with 'schema: patchlab.scenario/1'; this document is a list"],
    ['binary garbage (a flat binary opened as a scenario)', '\x7fELF\x02\x01\x01\x00', '1:1: this is not a text file (the control character 0x7f here); a scenario is YAML text'],
    ['a NUL in line 3', `${HEAD}guest:\x00\n`, '3:7: this is not a text file (the control character 0x00 here); a scenario is YAML text'],
    ['invalid UTF-8', `${HEAD}name2: \ufffd\n`, '3:8: this is not a text file (bytes that are not UTF-8 here); a scenario is YAML text'],
    ['NaN', `${HEAD}guest:\n  asm: hlt\nvcpu:\n  rflags: .nan\n`, '6:11 vcpu.rflags: bad value "NaN": expected a non-negative number (0x… or decimal)'],
    ['a negative register', `${HEAD}guest:\n  asm: hlt\nvcpu:\n  regs:\n    rax: -5\n`, '7:10 vcpu.regs.rax: bad address "-5": expected a number or a label (optionally label+N)'],
    ['a fraction', `${HEAD}guest:\n  asm: hlt\nlimits:\n  instructions: 1.5\n`, '6:17 limits.instructions: bad value "1.5": expected a non-negative number (0x… or decimal)'],
    ['infinity', `${HEAD}guest:\n  asm: hlt\nlimits:\n  exits: .inf\n`, '6:10 limits.exits: bad value "Infinity": expected a non-negative number (0x… or decimal)'],
    ['a 65-bit register value', `${HEAD}guest:\n  asm: hlt\nvcpu:\n  regs:\n    rax: 0x10000000000000000\n`, '7:10 vcpu.regs.rax: value 18446744073709551616 does not fit in 64 bits'],
    ['a 5000-digit number', `${HEAD}guest:\n  asm: hlt\nvcpu:\n  dr:\n    dr7: ${'9'.repeat(5000)}\n`, '7:10 vcpu.dr.dr7: value 99999999999999999999… (5000 digits) does not fit in 64 bits'],
    ['a huge instruction budget', `${HEAD}guest:\n  asm: hlt\nlimits:\n  instructions: 100000000000\n`, '6:17 limits.instructions: value 100000000000 is too large (at most 100000000)'],
    ['a huge memory reservation (.space 4 GiB)', `${HEAD}guest:\n  asm: |\n    .space 0x100000000\n    hlt\n`, '5:12 guest.asm: the program would grow past 64 MiB'],
    ['a huge .fill', `${HEAD}guest:\n  asm: |\n    .fill 0xffffffff, 8, 0\n`, '5:11 guest.asm: the program would grow past 64 MiB'],
    ['an .org far away', `${HEAD}guest:\n  asm: |\n    .org 0xffffffffffff\n    hlt\n`, '5:10 guest.asm: the program would grow past 64 MiB'],
    ['a billion .rept', `${HEAD}guest:\n  asm: |\n    .rept 1000000000\n    nop\n    .endr\n`, '5:5 guest.asm: the .rept count 1000000000 is out of range (0..100000)'],
    ['nested .rept (10^10 statements)', `${HEAD}guest:\n  asm: |\n    .rept 100000\n    .rept 100000\n    nop\n    .endr\n    .endr\n`, '9:5 guest.asm: .rept expands to more than 100000 statements'],
    ['deep YAML nesting', `${HEAD}expect:\n  pre: ${nestedReps(5000, '')}\n`, /^4:\d+: the YAML nests too deeply$/],
  ])('%s', (_name, text, expected) => {
    const started = performance.now()
    expect(first(text)).toMatch(expected)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('stops a YAML alias bomb ("billion laughs") at the first alias, in bounded time and memory', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 12; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)
    const heap = process.memoryUsage().heapUsed
    const started = performance.now()
    expect(first(`${levels.join('\n')}\n`)).toBe('2:8: the YAML expands its aliases (*name) more than 100 times')
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(64 * 1024 * 1024)
  })

  it('refuses a scenario over 1 MiB before parsing it', () => {
    const text = `${HEAD}guest:\n  asm: |\n${'    nop\n'.repeat(MAX_SCENARIO_LENGTH / 8)}`
    const started = performance.now()
    expect(first(text)).toBe(`1:1: the scenario is ${text.length} characters long; at most 1048576 (1 MiB)`)
    expect(performance.now() - started).toBeLessThan(100)
  })

  it('parses the largest program it accepts (1 MiB of nops) in bounded time', () => {
    const lines = Math.floor((MAX_SCENARIO_LENGTH - 100) / 8)
    const started = performance.now()
    expect(parseScenario(`${HEAD}guest:\n  asm: |\n${'    nop\n'.repeat(lines)}`, 'x.yaml').guest.asm).toBe('nop\n'.repeat(lines))
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('refuses an empty guest.binary, and a loader failure, at the key', () => {
    const text = `${HEAD}guest:\n  binary: g.bin\n`
    expect(first(text, { loadBinary: () => new Uint8Array() })).toBe('4:11 guest.binary: g.bin is empty: a guest needs at least one instruction')
    expect(first(text, { loadBinary: () => { throw new Error('it is not a regular file (a device, pipe or socket)') } })).toBe(
      '4:11 guest.binary: cannot read g.bin: it is not a regular file (a device, pipe or socket)',
    )
  })
})

// Property test over the parser, a fixed budget per CI run: whatever the text, the answer is a scenario or
// InputErrors, each naming this file at a line and column inside the text, with a one-line message.
const EXAMPLES_DIR = join(import.meta.dirname, '../../../examples')
const examples = readdirSync(EXAMPLES_DIR).filter((n) => n.endsWith('.yaml')).map((n) => readFileSync(join(EXAMPLES_DIR, n), 'utf8'))
const TOKENS = ['schema: patchlab.scenario/1', 'name: n', 'guest:', '  asm: |', '    hlt', '    nop', 'vcpu:', '  regs:', '    rax: ', '0x', '-1', '.nan', '.inf', '&a', '*a', '<<: *a',
  '[', ']', '{', '}', ':', '- ', '"', "'", '|', '>', '!!binary', '!!str', '#', '\n', '  ', 'expect:', 'pre:', 'limits:', 'instructions: ', '99999999999999999999999', 'vmm:', '  - on: {exit: DEBUG}', 'do: [resume]', '\t', '\r', '%YAML 1.2', '---', '...']

/** An example with a few random edits: deletions, duplications and token insertions at random places. */
const mutatedExample = fc.tuple(fc.constantFrom(...examples), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...TOKENS), fc.boolean()), { minLength: 1, maxLength: 6 })).map(([text, edits]) =>
  edits.reduce((t, [at, len, token, insert]) => {
    const i = at % (t.length + 1)
    return insert ? t.slice(0, i) + token + t.slice(i) : t.slice(0, i) + t.slice(i + len)
  }, text),
)
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(''))
const anyText = fc.oneof(mutatedExample, tokenSoup, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }))

describe('parseScenario on arbitrary text (fast-check, ~3 s budget)', () => {
  it('answers a scenario or positioned InputErrors, never anything else', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const lineCount = text.split(/\r\n|\r|\n/).length
        try {
          parseScenario(text, 'fuzz.yaml', { loadBinary: () => Uint8Array.of(0xf4) })
        } catch (e) {
          if (!(e instanceof InputErrors)) throw e
          expect(e.errors.length).toBeGreaterThan(0)
          for (const error of e.errors) {
            expect(error.file).toBe('fuzz.yaml')
            expect(error.line).toBeGreaterThanOrEqual(1)
            expect(error.line).toBeLessThanOrEqual(lineCount + 1)
            expect(error.column).toBeGreaterThanOrEqual(1)
            expect(error.message).not.toMatch(/\n|'undefined'|\[object |Maximum call stack/)
          }
        }
      }),
      { seed: 15, numRuns: 100_000, interruptAfterTimeLimit: 3_000, markInterruptAsFailure: false },
    )
  }, 20_000)
})
