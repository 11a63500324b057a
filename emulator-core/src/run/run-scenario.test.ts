import { describe, expect, it } from 'vitest'
import { parseScenario } from '../scenario'
import { runScenario } from './run-scenario'

function scenario(body: string) {
  return parseScenario(`schema: patchlab.scenario/1\nname: t\n${body}`, 't.yaml')
}

describe('runScenario', () => {
  it('an instruction budget ends a runaway guest with outcome limit', () => {
    const s = scenario('guest:\n  asm: |\n    l: jmp l\nlimits: { instructions: 50 }\n')
    const trace = runScenario(s, { build: 'pre', mode: 'fep' })
    expect(trace.outcome).toBe('limit')
    expect(trace.outcome_detail).toBe('instruction budget (50) reached')
  })
  it('an exit budget ends a guest that keeps exiting', () => {
    const s = scenario('guest:\n  asm: |\n    l: out %al, $0x80\n    jmp l\nlimits: { exits: 3 }\n')
    const trace = runScenario(s, { build: 'pre', mode: 'fep' })
    expect(trace.outcome).toBe('limit')
    expect(trace.exits).toEqual([{ reason: 'IO' }, { reason: 'IO' }, { reason: 'IO' }, { reason: 'IO' }])
  })
  it('set_regs rip: next skips the instruction KVM stopped at (S3 on post)', () => {
    const s = scenario(`guest:
  asm: |
    KVM_FEP
    x: mov %dr0, %rax
    y: hlt
kvm:
  guest_debug: { control: [ENABLE, USE_HW_BP], debugreg: { dr7: 0x2400 } }
vmm:
  - on: { exit: DEBUG, nth: 1 }
    do: [{ set_regs: { rip: next } }, resume]
`)
    const trace = runScenario(s, { build: 'post', mode: 'fep' })
    expect(trace.exits.map((e) => e.reason)).toEqual(['DEBUG', 'HLT'])
    expect(trace.final.rip).toBe(`0x${(BigInt(trace.symbols.y) + 1n).toString(16)}`)
  })
  it("events: 'none' leaves events empty and every observable as a full run has it", () => {
    const s = scenario(`guest:
  asm: |
    KVM_FEP
    x: mov %dr0, %rax
    y: hlt
kvm:
  guest_debug: { control: [ENABLE, USE_HW_BP], debugreg: { dr7: 0x2400 } }
vmm:
  - on: { exit: DEBUG, nth: 1 }
    do: [get_debugregs, { set_regs: { rip: next } }, resume]
`)
    const full = runScenario(s, { build: 'post', mode: 'fep' })
    const bare = runScenario(s, { build: 'post', mode: 'fep', events: 'none' })
    expect(full.events.length).toBeGreaterThan(0)
    expect(bare.events).toEqual([])
    expect(bare.exits.map((e) => e.reason)).toEqual(['DEBUG', 'HLT'])
    expect(bare.vmm.map((r) => r.action)).toEqual(['get_debugregs'])
    expect({ ...bare, events: full.events }).toEqual(full)
  })
  it('records the kernel function behind each step of the emulated GD #DB', () => {
    const s = scenario('guest:\n  asm: |\n    KVM_FEP\n    mov %dr0, %rax\n    hlt\nvcpu:\n  dr: { dr7: 0x2400 }\n')
    const by = (build: string) => runScenario(s, { build, mode: 'fep' }).events.flatMap((e) => (e.kind === 'exception' && e.vector === 1 && e.action !== 'delivered' ? [`${e.action}:${e.by}`] : []))
    expect(by('pre')).toEqual(['queued:kvm_queue_exception', 'injected:kvm_check_and_inject_events'])
    expect(by('post')).toEqual(['queued:kvm_queue_exception_p', 'injected:kvm_check_and_inject_events'])
  })
  it('v2-02 as posted injects an error-coded #DB, which VMX refuses (VM-instruction error 7)', () => {
    const s = scenario('guest:\n  asm: |\n    KVM_FEP\n    mov %dr0, %rax\n    hlt\nvcpu:\n  dr: { dr7: 0x2400 }\n')
    const trace = runScenario(s, { build: 'v2-02', mode: 'fep' })
    expect(trace.exits).toEqual([{ reason: 'FAIL_ENTRY', hardware_entry_failure_reason: '0x7' }])
  })
  it('CPL3: the Priv #GP wins over the GD #DB (x86_emulate_insn checks Priv before check_perm)', () => {
    const s = scenario('guest:\n  asm: |\n    KVM_FEP\n    mov %dr0, %rax\n    hlt\n  cpl: 3\nvcpu:\n  dr: { dr7: 0x2400 }\n')
    for (const build of ['pre', 'post']) {
      const queued = runScenario(s, { build, mode: 'fep' }).events.find((e) => e.kind === 'exception' && e.action === 'queued')
      expect(queued).toMatchObject({ vector: 13, error_code: '0x0', by: 'kvm_queue_exception_e' })
    }
  })
})
