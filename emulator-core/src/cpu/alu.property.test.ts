/**
 * ALU and shift properties from the SDM flag definitions (Vol. 1 §3.4.3.1, Appendix A), checked on random
 * operands of every width: CF is unsigned carry/borrow out of the width, OF signed overflow, ZF/SF/PF
 * from the truncated result, AF the carry out of bit 3. Both the generic ALU and the 32/64-bit
 * register fast paths (run as real instructions) must agree with these definitions.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assemble } from '../asm'
import { AluOp, type AluState, ShiftOp, alu, shift } from './alu'
import { bareCpu } from './test-support'

const CF = 0x1
const PF = 0x4
const AF = 0x10
const ZF = 0x40
const SF = 0x80
const OF = 0x800

/** Flags and result of ADD/SUB at a width, straight from the SDM definitions. */
function reference(op: 'add' | 'sub', bits: number, a: bigint, b: bigint, carryIn: bigint): { result: bigint; flags: number } {
  const mask = (1n << BigInt(bits)) - 1n
  const signed = (v: bigint): bigint => BigInt.asIntN(bits, v)
  const exact = op === 'add' ? a + b + carryIn : a - b - carryIn
  const result = exact & mask
  const signedExact = op === 'add' ? signed(a) + signed(b) + carryIn : signed(a) - signed(b) - carryIn
  const nibble = op === 'add' ? (a & 0xfn) + (b & 0xfn) + carryIn : (a & 0xfn) - (b & 0xfn) - carryIn
  let ones = 0
  for (let bit = 0n; bit < 8n; bit++) ones += Number((result >> bit) & 1n)
  let flags = 0
  if (exact < 0n || exact > mask) flags |= CF
  if (signedExact !== signed(result)) flags |= OF
  if (result === 0n) flags |= ZF
  if ((result >> BigInt(bits - 1)) & 1n) flags |= SF
  if (ones % 2 === 0) flags |= PF
  if (nibble < 0n || nibble > 0xfn) flags |= AF
  return { result, flags }
}

/** SHL/SHR/SAR by a count of 1 or more (already masked), from the SDM definitions; OF with the count-1 formula for every count, AF cleared. */
function shiftReference(op: 'shl' | 'shr' | 'sar', bits: number, a: bigint, count: number): { result: bigint; flags: number } {
  const mask = (1n << BigInt(bits)) - 1n
  const signed = BigInt.asIntN(bits, a)
  const result = (op === 'shl' ? a << BigInt(count) : op === 'shr' ? a >> BigInt(count) : signed >> BigInt(count)) & mask
  const lastOut = op === 'shl' ? (count <= bits ? (a >> BigInt(bits - count)) & 1n : 0n) : ((op === 'sar' ? signed : a) >> BigInt(count - 1)) & 1n
  const msb = (v: bigint): bigint => (v >> BigInt(bits - 1)) & 1n
  const overflow = op === 'shl' ? msb(result) ^ lastOut : op === 'shr' ? msb(a) : 0n
  let ones = 0
  for (let bit = 0n; bit < 8n; bit++) ones += Number((result >> bit) & 1n)
  let flags = 0
  if (lastOut) flags |= CF
  if (overflow) flags |= OF
  if (result === 0n) flags |= ZF
  if (msb(result)) flags |= SF
  if (ones % 2 === 0) flags |= PF
  return { result, flags }
}

const widths = [8, 16, 32, 64] as const

function halves(bits: number, v: bigint): [number, number] {
  return bits === 64 ? [Number(v & 0xffffffffn), Number(v >> 32n)] : [Number(v), 0]
}

describe('generic ALU matches the SDM flag definitions', () => {
  for (const bits of widths) {
    for (const [name, op, carry] of [
      ['add', AluOp.Add, false],
      ['adc', AluOp.Adc, true],
      ['sub', AluOp.Sub, false],
      ['sbb', AluOp.Sbb, true],
    ] as const) {
      it(`${name} ${bits}-bit`, () => {
        fc.assert(
          fc.property(fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), fc.boolean(), (a, b, cf) => {
            const state: AluState = { rflags: 0x2 | (cf ? CF : 0), rLo: 0, rHi: 0 }
            const [aLo, aHi] = halves(bits, a)
            const [bLo, bHi] = halves(bits, b)
            alu(state, op, bits / 8, aLo, aHi, bLo, bHi)
            const want = reference(name.startsWith('a') ? 'add' : 'sub', bits, a, b, carry && cf ? 1n : 0n)
            const got = (BigInt(state.rHi >>> 0) << 32n) | BigInt(state.rLo >>> 0)
            expect([got, state.rflags & 0x8d5]).toEqual([want.result, want.flags])
          }),
          { numRuns: 300 },
        )
      })
    }
  }
})

describe('shifts match the SDM definitions', () => {
  for (const bits of widths) {
    for (const [name, op] of [
      ['shl', ShiftOp.Shl],
      ['shr', ShiftOp.Shr],
      ['sar', ShiftOp.Sar],
    ] as const) {
      it(`${name} ${bits}-bit`, () => {
        fc.assert(
          fc.property(fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), fc.integer({ min: 1, max: bits === 64 ? 63 : 31 }), (a, count) => {
            const state: AluState = { rflags: 0x2 | AF, rLo: 0, rHi: 0 }
            const [aLo, aHi] = halves(bits, a)
            shift(state, op, bits / 8, aLo, aHi, count)
            const want = shiftReference(name, bits, a, count)
            const got = (BigInt(state.rHi >>> 0) << 32n) | BigInt(state.rLo >>> 0)
            expect([got, state.rflags & 0x8d5]).toEqual([want.result, want.flags])
          }),
          { numRuns: 300 },
        )
      })
    }
  }
})

describe('register fast paths match the SDM flag definitions', () => {
  for (const [bits, text] of [
    [32, 'addl %ebx, %eax\nsubl %ebx, %ecx\nhlt'],
    [64, 'addq %rbx, %rax\nsubq %rbx, %rcx\nhlt'],
  ] as const) {
    const r = assemble(text, { origin: 0x100000n })
    if (!r.ok) throw new Error('assembly failed')
    const hexText = Buffer.from(r.bytes).toString('hex')
    it(`add/sub ${bits}-bit`, () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }), (a, b) => {
          const { cpu } = bareCpu(hexText)
          cpu.setReg(0, a)
          cpu.setReg(3, b)
          cpu.setReg(1, a)
          cpu.step()
          const add = reference('add', bits, a, b, 0n)
          expect([cpu.getReg(0), Number(cpu.getRflags()) & 0x8d5]).toEqual([add.result, add.flags])
          cpu.step()
          const sub = reference('sub', bits, a, b, 0n)
          expect([cpu.getReg(1), Number(cpu.getRflags()) & 0x8d5]).toEqual([sub.result, sub.flags])
        }),
        { numRuns: 100 },
      )
    })
  }
})
