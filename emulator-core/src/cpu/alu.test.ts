/**
 * Arithmetic results and flags against real x86-64 hardware. testdata/alu-flags.json was produced
 * by testdata/alu-flags-gen.py (a C program of inline-asm cases, run on an x86-64 host): each row
 * is [instruction, rax, rbx, rcx, rdx, rflags in, rax out, rbx out, rdx out, status flags out].
 * Flags the SDM leaves undefined for the case are masked out (SDM Vol. 2 flag sections): AF after
 * logic ops and non-zero shifts, OF after shifts/rotates by more than 1, CF after SHL/SHR by at
 * least the operand width, SF/ZF/AF/PF after MUL/IMUL.
 */
import { describe, expect, it } from 'vitest'
import { assemble } from '../asm'
import { undefinedFlags } from './alu'
import rows from './testdata/alu-flags.json'
import { bareCpu } from './test-support'

type Row = [string, string, string, string, string, string, string, string, string, string]

const STATUS = 0x8d5

function undefinedFor(text: string, count: bigint): number {
  const name = text.split(' ')[0]
  const bits = { b: 8, w: 16, l: 32, q: 64 }[name.slice(-1)] ?? 64
  return undefinedFlags(name.slice(0, -1), bits, Number(count & 0xffn))
}

const cache = new Map<string, string>()
function encode(text: string): string {
  let hexText = cache.get(text)
  if (!hexText) {
    const r = assemble(`${text}\nhlt`, { origin: 0x100000n })
    if (!r.ok) throw new Error(`${text}: ${r.errors[0]?.message}`)
    hexText = Buffer.from(r.bytes).toString('hex')
    cache.set(text, hexText)
  }
  return hexText
}

describe('ALU results and flags match hardware (undefined flags masked)', () => {
  const byInstruction = new Map<string, Row[]>()
  for (const row of rows as Row[]) byInstruction.set(row[0], [...(byInstruction.get(row[0]) ?? []), row])
  for (const [text, cases] of byInstruction) {
    it(text, () => {
      const { cpu } = bareCpu(encode(text))
      const failures: string[] = []
      for (const [, a, b, c, d, flagsIn, aOut, bOut, dOut, flagsOut] of cases) {
        cpu.setRip(0x100000n)
        cpu.setReg(0, BigInt(a))
        cpu.setReg(3, BigInt(b))
        cpu.setReg(1, BigInt(c))
        cpu.setReg(2, BigInt(d))
        cpu.setRflags(BigInt(flagsIn))
        cpu.step()
        const mask = STATUS & ~undefinedFor(text, BigInt(c))
        const got = [cpu.getReg(0), cpu.getReg(3), cpu.getReg(2), Number(cpu.getRflags()) & mask]
        const want = [BigInt(aOut), BigInt(bOut), BigInt(dOut), Number(flagsOut) & mask]
        if (got.some((g, n) => g !== want[n])) failures.push(`a=${a} b=${b} c=${c} f=${flagsIn}: got ${got.map((g) => g.toString(16))} want ${want.map((w) => w.toString(16))}`)
      }
      expect(failures).toEqual([])
    })
  }
})
