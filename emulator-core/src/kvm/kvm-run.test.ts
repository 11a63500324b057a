import { describe, expect, it } from 'vitest'
import { runScenario } from '../run/run-scenario'
import { parseScenario } from '../scenario'
import { KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP } from './constants'
import { kvmX86Ops } from './kvm-x86-ops'
import { testVcpu } from './stub-cpu.test-support'

function scenario(body: string) {
  return parseScenario(`schema: patchlab.scenario/1\nname: t\n${body}`, 't.yaml')
}

describe('vcpu_enter_guest(): guest-owned DRs are taken back with kvm_update_dr0123()', () => {
  // x86.c vcpu_enter_guest(): sync_dirty_debug_regs() is followed by kvm_update_dr0123() and
  // kvm_update_dr7(), so a DR0 the guest wrote natively reaches eff_db[] and the next entry's DR0.
  // Expected: kvm-unit-tests x86/emulator.c test_mov_pop_ss_code_db() (line 731), AMD: one #DB.
  const guest = `guest:
  asm: |
    lea x(%rip), %rax
    mov %rax, %dr0
    mov $0x402, %rdx
    mov %rdx, %dr7
    mov %ss, %rax
    KVM_FEP
    mov %rax, %ss
    x: xor %rax, %rax
    hlt
`
  for (const build of ['pre', 'post']) {
    it(`${build}: a native XOR after an emulated MOV SS hits the guest's DR0 (AMD)`, () => {
      const trace = runScenario(scenario(`vendor: amd\n${guest}`), { build, mode: 'fep' })
      expect(trace.guest_exceptions.map((e) => e.vector)).toEqual([1])
      expect(trace.final.dr0).toBe(trace.guest_exceptions[0].rip)
    })
  }
})

describe('vmx_vcpu_run(): host single-step clears the interrupt shadow before VM entry', () => {
  it('VMX with KVM_GUESTDBG_SINGLESTEP: STI blocking is gone, so the BS entry check passes', () => {
    const vcpu = testVcpu('post')
    vcpu.guest_debug = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP
    vcpu.cpu.setRflags(0x302n)
    vcpu.cpu.setInterruptShadow('sti')
    kvmX86Ops(vcpu).prepare_entry(vcpu)
    expect(vcpu.cpu.getInterruptShadow()).toBe('none')
    expect(kvmX86Ops(vcpu).vm_entry_check(vcpu)).toBeUndefined()
  })
  it('VMX without host single-step keeps the shadow (guest TF is the guest’s: SDM 27.3.1.5 applies)', () => {
    const vcpu = testVcpu('post')
    vcpu.cpu.setInterruptShadow('mov-ss')
    kvmX86Ops(vcpu).prepare_entry(vcpu)
    expect(vcpu.cpu.getInterruptShadow()).toBe('mov-ss')
  })
  it('SVM leaves the VMCB interrupt shadow alone', () => {
    const vcpu = testVcpu('post', { vendor: 'amd' })
    vcpu.guest_debug = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP
    vcpu.cpu.setInterruptShadow('sti')
    kvmX86Ops(vcpu).prepare_entry(vcpu)
    expect(vcpu.cpu.getInterruptShadow()).toBe('sti')
  })
  it('debug_regs.c single-step loop: every KVM_RUN returns KVM_EXIT_DEBUG with pc after the stepped instruction', () => {
    // Expected: tools/testing/selftests/kvm/x86/debug_regs.c, "Test single step" (ss_size[]: sti 1, xor 2,
    // cpuid 2, ..., cli 1; dr6 0xffff4ff0), with KVM_GUESTDBG_BLOCKIRQ and an IRQ pending.
    const s = scenario(`guest:
  asm: |
    ss_start: sti
    xor %eax, %eax
    cpuid
    cli
    hlt
kvm:
  guest_debug: { control: [ENABLE, SINGLESTEP, BLOCKIRQ] }
vmm:
  - on: { exit: DEBUG, nth: 1 }
    do: [{ inject_irq: 0xaa }, resume]
  - on: { exit: DEBUG, nth: 4 }
    do: [stop]
  - on: { exit: DEBUG }
    do: [resume]
`)
    const trace = runScenario(s, { build: 'post', mode: 'native' })
    const start = 0x100000
    expect(trace.exits.map((e) => [e.reason, e.pc, e.dr6])).toEqual(
      [1, 3, 5, 6].map((n) => ['DEBUG', `0x${(start + n).toString(16)}`, '0xffff4ff0']),
    )
    expect(trace.guest_exceptions).toEqual([])
  })
})
