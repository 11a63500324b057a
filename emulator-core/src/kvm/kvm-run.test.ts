import { describe, expect, it } from 'vitest'
import { runScenario } from '../run/run-scenario'
import { parseScenario } from '../scenario'

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
