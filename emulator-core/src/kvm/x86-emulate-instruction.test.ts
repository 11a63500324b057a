import { describe, expect, it } from 'vitest'
import { runScenario } from '../run/run-scenario'
import { parseScenario } from '../scenario'

// x86.c toggle_interruptibility(): "if (int_shadow & mask) mask = 0", with int_shadow from the vendor's
// get_interrupt_shadow(). An emulated MOV SS in the STI shadow of a native STI: VMX reads STI (2), so the
// MOV-SS shadow is set (1); SVM reads STI|MOV_SS (svm_get_interrupt_shadow(): one int_state bit), so the
// shadow is cleared (0).
const scenario = parseScenario(`schema: patchlab.scenario/1
name: toggle_interruptibility
guest:
  asm: |
    mov %ss, %eax
    sti
    KVM_FEP
    mov %eax, %ss
    nop
    hlt
vmm:
  - on: { after_emulation: 1 }
    do: [get_vcpu_events, resume]
`, 't.yaml')

describe('toggle_interruptibility() after an emulated MOV SS in an STI shadow', () => {
  for (const [vendor, shadow] of [['intel', 1], ['amd', 0]] as const) {
    it(`${vendor}: KVM_GET_VCPU_EVENTS shadow ${shadow}`, () => {
      const trace = runScenario(scenario, { build: 'post', mode: 'fep', vendor })
      expect(trace.vmm.map((r) => r.result.shadow)).toEqual([shadow])
    })
  }
})
