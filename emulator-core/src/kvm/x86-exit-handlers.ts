import type { CpuidExit, HardwareExit, HltExit, IoExit, RdmsrExit, WrmsrExit } from '../cpu/seam'
import { hex } from '../types/hex'
import { BP_VECTOR, DB_VECTOR, MSR_IA32_DEBUGCTLMSR, U32_MAX, UD_VECTOR } from './constants'
import { kvm_cpuid } from './cpuid'
import { kvmX86Ops } from './kvm-x86-ops'
import { guestLevel, type KvmVcpu } from './vcpu'
import { kvm_complete_insn_gp } from './mov-dr-exit'
import { kvm_get_linear_rip } from './x86-rflags'

/** Records an instruction KVM completed on behalf of an intercept (CPUID, MOV DR, I/O, MSR, HLT). */
function traceInterceptedInsn(vcpu: KvmVcpu, rip: bigint): void {
  if (!vcpu.trace.recording) return
  const insn = vcpu.cpu.decodeAt(rip)
  vcpu.trace.emit({ kind: 'insn', rip: hex(rip), text: 'kind' in insn ? '(undecodable)' : insn.text, path: 'native', level: guestLevel(vcpu) })
}

// cpuid.c: kvm_emulate_cpuid()
function kvm_emulate_cpuid(vcpu: KvmVcpu, exit: CpuidExit): number {
  const [eax, ebx, ecx, edx] = kvm_cpuid(vcpu, exit.leaf, exit.subleaf)
  vcpu.cpu.setReg(0, BigInt(eax))
  vcpu.cpu.setReg(3, BigInt(ebx))
  vcpu.cpu.setReg(1, BigInt(ecx))
  vcpu.cpu.setReg(2, BigInt(edx))
  traceInterceptedInsn(vcpu, exit.rip)
  return vcpu.fn.kvm_skip_emulated_instruction(vcpu, exit.length)
}

/** x86.c: kvm_emulate_halt() — skip, then (no in-kernel irqchip) KVM_EXIT_HLT. */
function kvm_emulate_halt(vcpu: KvmVcpu, exit: HltExit): number {
  traceInterceptedInsn(vcpu, exit.rip)
  vcpu.fn.kvm_skip_emulated_instruction(vcpu, exit.length)
  vcpu.run.exit_reason = 'HLT'
  vcpu.run.by = 'kvm_emulate_halt'
  return 0
}

/** x86.c: kvm_fast_pio() — userspace performs the access; complete_fast_pio_*() skips the instruction on re-entry. */
function kvm_fast_pio(vcpu: KvmVcpu, exit: IoExit): number {
  traceInterceptedInsn(vcpu, exit.rip)
  vcpu.run.exit_reason = 'IO'
  vcpu.run.io = { port: exit.port, direction: exit.direction }
  vcpu.run.by = 'kvm_fast_pio'
  vcpu.complete_userspace_io = (v) => {
    if (exit.direction === 'in') v.cpu.setReg(0, (v.cpu.getReg(0) & ~((1n << BigInt(exit.size * 8)) - 1n)) | ((1n << BigInt(exit.size * 8)) - 1n))
    return v.fn.kvm_skip_emulated_instruction(v, exit.length)
  }
  return 0
}

/**
 * MSRs whose guest value the hardware holds and KVM's kvm_set_msr_common()/vmx_set_msr()/
 * svm_set_msr() pass to it (VMCS guest EFER and FS/GS bases, the user-return MSRs STAR/LSTAR/CSTAR/
 * SYSCALL_MASK/TSC_AUX, KERNEL_GS_BASE; on SVM the VMCB save area): EFER, STAR, LSTAR, CSTAR,
 * SYSCALL_MASK, FS_BASE, GS_BASE, KERNEL_GS_BASE, TSC_AUX (the guest's CPUID has RDTSCP, ./cpuid).
 */
const GUEST_STATE_MSRS = new Set([0xc0000080, 0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, 0xc0000100, 0xc0000101, 0xc0000102, 0xc0000103])

// x86.c: kvm_emulate_rdmsr() / kvm_emulate_wrmsr() — IA32_DEBUGCTL and the guest-state MSRs above; others #GP.
function kvm_emulate_msr(vcpu: KvmVcpu, exit: RdmsrExit | WrmsrExit): number {
  if (GUEST_STATE_MSRS.has(exit.msr)) return kvm_emulate_guest_state_msr(vcpu, exit)
  if (exit.msr !== MSR_IA32_DEBUGCTLMSR) return kvm_complete_insn_gp(vcpu, 1, exit.length)
  traceInterceptedInsn(vcpu, exit.rip)
  if (exit.kind === 'wrmsr') vcpu.cpu.setDebugctl(exit.value)
  else {
    const value = vcpu.cpu.getDebugctl()
    vcpu.cpu.setReg(0, value & U32_MAX)
    vcpu.cpu.setReg(2, value >> 32n)
  }
  return kvm_complete_insn_gp(vcpu, 0, exit.length)
}

/**
 * x86.c: kvm_set_msr_common() / kvm_get_msr_common() for the guest-state MSRs: set_efer() accepts
 * what the CPU's EFER takes (SCE, NXE; LME/LMA kept), the address MSRs must be canonical, TSC_AUX
 * bits 63:32 are #GP on Intel-compatible guests and dropped otherwise — the same checks the CPU
 * model's WRMSR makes, so the value goes to the CPU (a refused one is #GP).
 */
function kvm_emulate_guest_state_msr(vcpu: KvmVcpu, exit: RdmsrExit | WrmsrExit): number {
  if (exit.kind === 'wrmsr') {
    if (!vcpu.cpu.writeMsr(exit.msr, exit.value)) return kvm_complete_insn_gp(vcpu, 1, exit.length)
  } else {
    const value = vcpu.cpu.readMsr(exit.msr) ?? 0n
    vcpu.cpu.setReg(0, value & 0xffffffffn)
    vcpu.cpu.setReg(2, value >> 32n)
  }
  traceInterceptedInsn(vcpu, exit.rip)
  return kvm_complete_insn_gp(vcpu, 0, exit.length)
}

/** vmx.c: vmx_handle_exit() / svm.c: svm_handle_exit() — dispatch one hardware exit; 0 = exit to userspace. */
export function kvm_handle_exit(vcpu: KvmVcpu, exit: HardwareExit): number {
  switch (exit.kind) {
    case 'exception':
      if (exit.vector === DB_VECTOR) return kvmX86Ops(vcpu).handle_db(vcpu, exit)
      if (exit.vector === UD_VECTOR) return vcpu.fn.handle_ud(vcpu)
      if (exit.vector === BP_VECTOR) {
        // vmx.c: handle_exception_nmi() BP_VECTOR — host software breakpoint (USE_SW_BP).
        vcpu.event_exit_inst_len = exit.instructionLength ?? 1
        vcpu.run.exit_reason = 'DEBUG'
        vcpu.run.debug.exception = BP_VECTOR
        vcpu.run.debug.pc = kvm_get_linear_rip(vcpu)
        vcpu.run.by = 'handle_exception_nmi'
        return 0
      }
      if (exit.errorCode !== undefined) vcpu.fn.kvm_queue_exception_e(vcpu, exit.vector, exit.errorCode)
      else vcpu.fn.kvm_queue_exception(vcpu, exit.vector)
      return 1
    case 'cpuid': return kvm_emulate_cpuid(vcpu, exit)
    case 'hlt': return kvm_emulate_halt(vcpu, exit)
    // vmx.c: handle_io() / svm.c: io_interception() — string I/O goes to the emulator (kvm_emulate_instruction(vcpu, 0)).
    case 'io': return exit.string ? vcpu.fn.x86_emulate_instruction(vcpu, 0) : kvm_fast_pio(vcpu, exit)
    case 'rdmsr': case 'wrmsr': return kvm_emulate_msr(vcpu, exit)
    case 'mov-dr': return kvmX86Ops(vcpu).handle_dr(vcpu, exit)
    case 'interrupt-window':
      vcpu.cpu.intercepts.interruptWindowExiting = false
      return 1
  }
}
