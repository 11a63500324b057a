/**
 * KVM's REP string handling (emulate.c x86_emulate_insn(), pio_in_emulated()): expected values
 * worked out from the kernel code described in ./emulate-string.
 */
import { describe, expect, it } from 'vitest'
import { runScenario } from '../run'
import { parseScenario } from '../scenario'

function run(asm: string) {
  const s = parseScenario(`schema: patchlab.scenario/1\nname: t\nguest:\n  asm: |\n${asm.trim().split('\n').map((l) => `    ${l.trim()}`).join('\n')}\n`, 't.yaml')
  return runScenario(s, { build: 'post', mode: 'fep' })
}

function insnPaths(trace: ReturnType<typeof run>, rip: bigint): string[] {
  const at = `0x${rip.toString(16)}`
  return trace.events.flatMap((e) => (e.kind === 'insn' && e.rip === at ? [e.path] : []))
}

describe('KVM REP string emulation', () => {
  it('INS reads ahead no further than the end of RDI page: 2 bytes, then the other 3 after re-execution', () => {
    // in_page = PAGE_SIZE - offset_in_page(RDI) = 2; n = min3(2, 1024, 5).
    const trace = run(`
      mov $0xe0, %dx
      mov $0x200ffe, %edi
      mov $5, %ecx
      ins: rep insb
      after: hlt
    `)
    expect(trace.exits.map((e) => e.reason)).toEqual(['IO', 'IO', 'HLT'])
    expect(trace.final.rip).toBe(`0x${(BigInt(trace.symbols.after) + 1n).toString(16)}`)
  })

  it('FEP REP STOSB loops in the kernel, stops with RIP on the instruction when RCX reaches 0, and the CPU finishes it', () => {
    const trace = run(`
      mov $0x200000, %edi
      mov $3, %ecx
      KVM_FEP
      stos: rep stosb
      hlt
    `)
    // One emulation for all three elements; the guest then executes REP STOSB with RCX = 0.
    expect(insnPaths(trace, BigInt(trace.symbols.stos))).toEqual(['emulated', 'native'])
  })

  it('a plain INSB finishes on the completion, and a later emulated IN exits to userspace again', () => {
    const trace = run(`
      mov $0xe0, %dx
      mov $0x200000, %edi
      insb
      KVM_FEP
      in %dx, %al
      hlt
    `)
    expect(trace.exits.map((e) => e.reason)).toEqual(['IO', 'IO', 'HLT'])
  })

  it('an intercepted OUTS at CPL 3 with IOPL 0 is #GP(0) before any exit (SDM "OUTS": the permission check precedes the VM exit)', () => {
    const s = parseScenario(`schema: patchlab.scenario/1
name: t
guest:
  cpl: 3
  asm: |
    mov $0xe0, %dx
    bad: outsb
    hlt
`, 't.yaml')
    const trace = runScenario(s, { build: 'post', mode: 'fep' })
    expect(trace.exits.filter((e) => e.reason === 'IO')).toEqual([])
    expect(trace.guest_exceptions[0]).toMatchObject({ vector: 13, rip: `0x${BigInt(trace.symbols.bad).toString(16)}` })
  })
})
