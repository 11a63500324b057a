import type { DecodedInsn, ExecEnv } from '../cpu/seam'
import { GP_VECTOR, UD_VECTOR, X86_EFLAGS_RF } from './constants'
import {
  EMULATION_FAILED, EMULATION_INTERCEPTED, EMULATION_OK, emulate_exception, X86EMUL_CONTINUE, X86EMUL_INTERCEPTED,
  X86EMUL_PROPAGATE_FAULT, X86EMUL_UNHANDLEABLE, type EmulateCtxt,
} from './emulate-ctxt'
import { emulatorIntercept, type X86Intercept, type X86InterceptStage } from './emulate-intercept'
import type { EmulatorOps } from './emulator-ops'
import { kvm_cpuid } from './cpuid'
import { shadowToUapi } from './interrupt-shadow'
import type { KvmVcpu } from './vcpu'
import { kvmX86Ops } from './kvm-x86-ops'

const MSR_IA32_DEBUGCTLMSR = 0x1d9

// The instruction being emulated and the ops it goes through. Emulation never nests (the CPU model
// does not call back into KVM's emulator), so one environment serves every vCPU: the CPU copies its
// fields per instruction, and they stay made once instead of once per call or per vCPU.
let currentCtxt: EmulateCtxt
let currentOps: EmulatorOps

const EMULATOR_ENV: ExecEnv = {
  getDr: (dr) => currentOps.get_dr(dr),
  setDr: (dr, value) => currentOps.set_dr(dr, value) === 0,
  getCr: (cr) => currentOps.vcpu.cpu.getCr(cr),
  setCr: (cr, value) => {
    currentOps.vcpu.cpu.setCr(cr, value)
    return true
  },
  pioIn: (port) => {
    currentCtxt.pio = { port, direction: 'in' }
    return 0xffffffff
  },
  pioOut: (port) => {
    currentCtxt.pio = { port, direction: 'out' }
  },
  rdmsr: (msr) => (msr === MSR_IA32_DEBUGCTLMSR ? currentOps.vcpu.cpu.getDebugctl() : undefined),
  wrmsr: (msr, value) => {
    if (msr !== MSR_IA32_DEBUGCTLMSR) return false
    currentOps.vcpu.cpu.setDebugctl(value)
    return true
  },
  cpuid: (leaf, subleaf) => kvm_cpuid(currentOps.vcpu, leaf, subleaf),
  halt: () => {
    currentCtxt.halted = true
  },
}

/** The CPU model's instruction semantics, with every hypervisor access routed through `ops`. */
function execEnv(ctxt: EmulateCtxt, ops: EmulatorOps): ExecEnv {
  currentCtxt = ctxt
  currentOps = ops
  return EMULATOR_ENV
}

/**
 * emulate.c: x86_emulate_insn() — check order of docs/reference/kvm-db-semantics.md §2.5: L2 PRE_EXCEPT intercept, Priv with
 * CPL>0 (#GP before GD), check_perm (check_dr_read/write), L2 POST_EXCEPT intercept, execute.
 */
export function x86_emulate_insn(ctxt: EmulateCtxt, ops: EmulatorOps, checkIntercepts: boolean): number {
  const insn = ctxt.insn
  if (!insn) return EMULATION_FAILED
  const vcpu = ops.vcpu
  const intercept = checkIntercepts ? emulatorIntercept(insn) : undefined

  let rc = insn.unsupported ? emulate_exception(ctxt, UD_VECTOR, 0, false) : checkIntercept(vcpu, intercept, insn, 'PRE_EXCEPT')
  if (rc === X86EMUL_CONTINUE && insn.privileged && ops.cpl() > 0) rc = emulate_exception(ctxt, GP_VECTOR, 0, true)
  if (rc === X86EMUL_CONTINUE && insn.movDr) {
    rc = insn.movDr.direction === 'to-dr' ? vcpu.fn.check_dr_write(ctxt, ops) : vcpu.fn.check_dr_read(ctxt, ops)
  }
  if (rc === X86EMUL_CONTINUE) rc = checkIntercept(vcpu, intercept, insn, 'POST_EXCEPT')
  if (rc === X86EMUL_CONTINUE) {
    // The emulator computes on ctxt->eflags (kvm_get_rflags(): no host single-step TF), not on the raw
    // vendor RFLAGS; the CPU's semantics read RFLAGS from the CPU, so hand it that view for the step.
    const raw = vcpu.cpu.getRflags()
    vcpu.cpu.setRflags(ctxt.eflags)
    const outcome = vcpu.cpu.executeDecoded(insn, execEnv(ctxt, ops))
    vcpu.cpu.setRflags(raw)
    if (outcome.kind === 'exception') {
      rc = emulate_exception(ctxt, outcome.vector, outcome.errorCode ?? 0, outcome.errorCode !== undefined)
    } else {
      ctxt.eip = outcome.nextRip
      // emulate.c x86_emulate_insn(): RF is cleared before execute (set only for an unfinished REP
      // string, which PatchLab does not emulate); it reaches RFLAGS only with the writeback.
      ctxt.eflags = outcome.rflags & ~X86_EFLAGS_RF
      ctxt.interruptibility = shadowToUapi(outcome.shadow)
    }
  }
  if (rc === X86EMUL_PROPAGATE_FAULT) {
    ctxt.have_exception = true
    return EMULATION_OK
  }
  if (rc === X86EMUL_INTERCEPTED) return EMULATION_INTERCEPTED
  if (rc === X86EMUL_UNHANDLEABLE) return EMULATION_FAILED
  return EMULATION_OK
}

/** emulate.c: emulator_check_intercept() — only for an L2 instruction L1 may intercept. */
function checkIntercept(vcpu: KvmVcpu, intercept: X86Intercept | undefined, insn: DecodedInsn, stage: X86InterceptStage): number {
  return intercept ? kvmX86Ops(vcpu).check_intercept(vcpu, intercept, insn, stage) : X86EMUL_CONTINUE
}
