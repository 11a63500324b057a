import { Mnemonic } from 'iced-x86'
import { describe, expect, it } from 'vitest'
import type { DecodedInsn } from '../cpu/seam'
import { KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_USE_HW_BP } from './constants'
import { X86EMUL_CONTINUE, X86EMUL_PROPAGATE_FAULT } from './emulate-ctxt'
import { emulate_ops } from './emulator-ops'
import type { EmulateCtxt } from './emulate-ctxt'
import { testVcpu } from './stub-cpu.test-support'
import { init_emulate_ctxt } from './x86-emulate-instruction'
import { kvm_arch_vcpu_ioctl_set_guest_debug } from './x86-ioctls'

const movFromDr0 = { movDr: { dr: 0, gpr: 0, direction: 'from-dr' }, mnemonic: Mnemonic.Mov } as unknown as DecodedInsn

function gdCheck(build: string, setup: (vcpu: ReturnType<typeof testVcpu>) => void): { rc: number; ctxt: EmulateCtxt; dr6: bigint } {
  const vcpu = testVcpu(build)
  setup(vcpu)
  const ctxt = init_emulate_ctxt(vcpu)
  ctxt.insn = movFromDr0
  const rc = vcpu.fn.check_dr_read(ctxt, emulate_ops(vcpu))
  return { rc, ctxt, dr6: vcpu.dr6 }
}

// Expected behaviour: docs/reference/kvm-db-semantics.md §2.5 (check_dr_read per build) and S1/S3/S4.
describe('check_dr_read per build', () => {
  const guestGd = (vcpu: ReturnType<typeof testVcpu>): void => void vcpu.fn.kvm_set_dr(vcpu, 7, 0x2400n)
  it('PRE: guest GD writes DR6 at once (0xffff2ff0) and raises a payload-less #DB', () => {
    const { rc, ctxt, dr6 } = gdCheck('pre', guestGd)
    expect(rc).toBe(X86EMUL_PROPAGATE_FAULT)
    expect(ctxt.exception).toMatchObject({ vector: 1, error_code_valid: false, payload: 0n })
    expect(dr6).toBe(0xffff2ff0n)
  })
  it('v3-03: guest GD leaves DR6 alone and records payload DR6_BD', () => {
    const { rc, ctxt, dr6 } = gdCheck('v3-03', guestGd)
    expect(rc).toBe(X86EMUL_PROPAGATE_FAULT)
    expect(ctxt.exception).toMatchObject({ vector: 1, payload: 0x2000n })
    expect(dr6).toBe(0xffff0ff0n)
  })
  const hostGd = (vcpu: ReturnType<typeof testVcpu>): void =>
    void kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, { control: KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP, debugreg: [0n, 0n, 0n, 0n, 0n, 0n, 0n, 0x2400n] })
  it('S3: a host-only GD is invisible before v3-04 and raises #DB(BD) from v3-04', () => {
    expect(gdCheck('v3-03', hostGd).rc).toBe(X86EMUL_CONTINUE)
    const post = gdCheck('v3-04', hostGd)
    expect(post.rc).toBe(X86EMUL_PROPAGATE_FAULT)
    expect(post.ctxt.exception.payload).toBe(0x2000n)
  })
  it('S4: a guest-only GD under USE_HW_BP is ignored from v3-04', () => {
    const both = (vcpu: ReturnType<typeof testVcpu>): void => {
      guestGd(vcpu)
      kvm_arch_vcpu_ioctl_set_guest_debug(vcpu, { control: KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP, debugreg: [0n, 0n, 0n, 0n, 0n, 0n, 0n, 0x400n] })
    }
    expect(gdCheck('v3-03', both).rc).toBe(X86EMUL_PROPAGATE_FAULT)
    expect(gdCheck('post', both).rc).toBe(X86EMUL_CONTINUE)
  })
})
