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
import rows from './testdata/alu-flags.json'
import { bareCpu } from './test-support'

type Row = [string, string, string, string, string, string, string, string, string, string]

const AF = 0x10
const OF = 0x800
const CF = 0x1
const STATUS = 0x8d5

function undefinedFlags(text: string, count: bigint): number {
  const mnemonic = text.split(' ')[0].replace(/[bwlq]$/, '')
  const width = { b: 8, w: 16, l: 32, q: 64 }[text.split(' ')[0].slice(-1)] ?? 64
  const masked = Number(count) & (width === 64 ? 63 : 31)
  if (['and', 'or', 'xor', 'test'].includes(mnemonic)) return AF
  if (['shl', 'shr', 'sar'].includes(mnemonic)) {
    if (masked === 0) return 0
    return AF | (masked !== 1 ? OF : 0) | (mnemonic !== 'sar' && masked >= width ? CF : 0)
  }
  if (['rol', 'ror', 'rcl', 'rcr'].includes(mnemonic)) return masked > 1 ? OF : 0
  if (['mul', 'imul'].includes(mnemonic)) return 0xd4
  return 0
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
        const mask = STATUS & ~undefinedFlags(text, BigInt(c))
        const got = [cpu.getReg(0), cpu.getReg(3), cpu.getReg(2), Number(cpu.getRflags()) & mask]
        const want = [BigInt(aOut), BigInt(bOut), BigInt(dOut), Number(flagsOut) & mask]
        if (got.some((g, n) => g !== want[n])) failures.push(`a=${a} b=${b} c=${c} f=${flagsIn}: got ${got.map((g) => g.toString(16))} want ${want.map((w) => w.toString(16))}`)
      }
      expect(failures).toEqual([])
    })
  }
})
