import { Mnemonic } from 'iced-x86'
import { hex } from '../types/hex'
import {
  BP_VECTOR, DB_VECTOR, DR6_ACTIVE_LOW, DR6_BS, DR7_BP_EN_MASK, KVM_GUESTDBG_USE_HW_BP, KVM_FEP_BYTES, KVM_GUESTDBG_SINGLESTEP, OF_VECTOR, PF_VECTOR, UD_VECTOR, X86_EFLAGS_RF,
  X86_EFLAGS_TF,
} from './constants'
import {
  EMULATION_FAILED, EMULATION_INTERCEPTED, EMULTYPE_NO_DECODE, EMULTYPE_PF, EMULTYPE_SKIP, EMULTYPE_TRAP_UD,
  EMULTYPE_TRAP_UD_FORCED, EMULTYPE_VMWARE_GP, type EmulateCtxt,
} from './emulate-ctxt'
import { emulate_ops } from './emulator-ops'
import { shadowFromUapi, shadowToUapi } from './interrupt-shadow'
import { guestLevel, isGuestMode, type KvmVcpu } from './vcpu'
import { kvm_clear_exception_queue } from './x86-exception-queue'
import { __kvm_set_rflags, kvm_get_linear_rip, kvm_get_rflags, kvm_set_rflags } from './x86-rflags'

// x86.c: init_emulate_ctxt()
export function init_emulate_ctxt(vcpu: KvmVcpu): EmulateCtxt {
  const eflags = kvm_get_rflags(vcpu)
  return {
    eflags,
    tf: (eflags & X86_EFLAGS_TF) !== 0n,
    eip: vcpu.cpu.getRip(),
    interruptibility: 0,
    have_exception: false,
    exception: { vector: -1, error_code_valid: false, error_code: 0, payload: 0n, payload_valid: false },
    // Present from the start so every ctxt has one hidden class.
    insn: undefined,
    pio: undefined,
    halted: false,
  }
}

/** x86.c: kvm_vcpu_check_hw_bp() — PRE = POST: a code match needs the whole R/W+LEN nibble equal to `type`. */
export function kvm_vcpu_check_hw_bp(addr: bigint, type: bigint, dr7: bigint, db: bigint[]): bigint {
  let dr6 = 0n
  for (let i = 0n; i < 4n; i++) {
    const enabled = (dr7 >> (2n * i)) & 3n
    const rwlen = (dr7 >> (16n + 4n * i)) & 0xfn
    if (enabled && rwlen === type && db[Number(i)] === addr) dr6 |= 1n << i
  }
  return dr6
}

/** x86.c: kvm_is_code_breakpoint_inhibited() — PRE form: RF, or MOV-SS blocking on Intel-compatible guests. */
export function kvm_is_code_breakpoint_inhibited(vcpu: KvmVcpu): boolean {
  if (kvm_get_rflags(vcpu) & X86_EFLAGS_RF) return true
  if (vcpu.vendor !== 'intel') return false
  return vcpu.cpu.getInterruptShadow() === 'mov-ss'
}

/** Emulation types for which KVM does not check code breakpoints. */
const NO_CODE_BP_CHECK = EMULTYPE_NO_DECODE | EMULTYPE_SKIP | EMULTYPE_TRAP_UD | EMULTYPE_VMWARE_GP | EMULTYPE_PF

/**
 * x86.c: kvm_vcpu_check_code_breakpoint() — PRE form (docs/reference/kvm-db-semantics.md §2.8): host breakpoints from
 * guest_debug_dr7/eff_db exit to userspace without inhibition; then guest DR7/db[] queue a #DB.
 * Returns the handler's `r` when a breakpoint hit, undefined otherwise.
 */
export function kvm_vcpu_check_code_breakpoint(vcpu: KvmVcpu, emulationType: number): number | undefined {
  if (emulationType & NO_CODE_BP_CHECK) return undefined
  if (vcpu.guest_debug & KVM_GUESTDBG_USE_HW_BP && vcpu.guest_debug_dr7 & DR7_BP_EN_MASK) {
    const eip = kvm_get_linear_rip(vcpu)
    const dr6 = kvm_vcpu_check_hw_bp(eip, 0n, vcpu.guest_debug_dr7, vcpu.eff_db)
    if (dr6 !== 0n) {
      kvm_exit_debug(vcpu, dr6, eip, 'kvm_vcpu_check_code_breakpoint')
      return 0
    }
  }
  if (vcpu.dr7 & DR7_BP_EN_MASK && !vcpu.fn.kvm_is_code_breakpoint_inhibited(vcpu)) {
    const eip = kvm_get_linear_rip(vcpu)
    const dr6 = kvm_vcpu_check_hw_bp(eip, 0n, vcpu.dr7, vcpu.db)
    if (dr6 !== 0n) {
      vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, dr6)
      return 1
    }
  }
  return undefined
}

/** Fills run->debug.arch for a KVM_EXIT_DEBUG synthesized by KVM (dr7 left stale, as the kernel does). */
export function kvm_exit_debug(vcpu: KvmVcpu, dr6: bigint, pc: bigint, by: string): void {
  vcpu.run.exit_reason = 'DEBUG'
  vcpu.run.debug.dr6 = dr6 | DR6_ACTIVE_LOW
  vcpu.run.debug.pc = pc
  vcpu.run.debug.exception = DB_VECTOR
  vcpu.run.by = by
}

/**
 * x86.c: kvm_inject_emulated_db() — introduced by v3-03 (dfc1c4687e9c) as a void wrapper around
 * kvm_queue_exception_p(). PRE code never calls it; it sits in the base table so that a stack that
 * cherry-picks a later patch without 03 (e.g. `pre+v3-05`) behaves as 03's no-functional-change wrapper.
 */
export function kvm_inject_emulated_db(vcpu: KvmVcpu, dr6: bigint): number {
  vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, dr6)
  return 1
}

/** x86.c: kvm_vcpu_do_singlestep() — PRE: host SINGLESTEP exits to userspace, else queue #DB(BS). */
export function kvm_vcpu_do_singlestep(vcpu: KvmVcpu): number {
  if (vcpu.guest_debug & KVM_GUESTDBG_SINGLESTEP) {
    kvm_exit_debug(vcpu, DR6_BS, kvm_get_linear_rip(vcpu), 'kvm_vcpu_do_singlestep')
    return 0
  }
  vcpu.fn.kvm_queue_exception_p(vcpu, DB_VECTOR, DR6_BS)
  return 1
}

/** The single-step #DB after an emulated or skipped instruction: do_singlestep, or (v3-07) its inlined form. */
export function emulatedSinglestep(vcpu: KvmVcpu): number {
  const singlestep = vcpu.fn.kvm_vcpu_do_singlestep
  return singlestep ? singlestep(vcpu) : vcpu.fn.kvm_inject_emulated_db(vcpu, DR6_BS)
}

/** x86.c: inject_emulated_exception() — PRE: PF, error code, or plain; a GD #DB carries no payload. */
export function inject_emulated_exception(vcpu: KvmVcpu, ctxt: EmulateCtxt): number {
  const ex = ctxt.exception
  if (ex.vector === PF_VECTOR) vcpu.fn.kvm_multiple_exception(vcpu, PF_VECTOR, true, ex.error_code, true, ex.payload, 'kvm_inject_emulated_page_fault')
  else if (ex.error_code_valid) vcpu.fn.kvm_queue_exception_e(vcpu, ex.vector, ex.error_code)
  else vcpu.fn.kvm_queue_exception(vcpu, ex.vector)
  return 1
}

/** x86.c: handle_emulation_failure() — #UD; exit to userspace only for a non-nested CPL0 guest. */
export function handle_emulation_failure(vcpu: KvmVcpu, _emulationType: number): number {
  vcpu.fn.kvm_queue_exception(vcpu, UD_VECTOR)
  if (!isGuestMode(vcpu) && vcpu.cpu.getCpl() === 0) {
    vcpu.run.exit_reason = 'INTERNAL_ERROR'
    vcpu.run.by = 'handle_emulation_failure'
    return 0
  }
  return 1
}

// x86.c: toggle_interruptibility()
function toggle_interruptibility(vcpu: KvmVcpu, mask: number): void {
  const current = shadowToUapi(vcpu.cpu.getInterruptShadow())
  const next = current & mask ? 0 : mask
  if (current || next) vcpu.cpu.setInterruptShadow(shadowFromUapi(next))
}

/** x86.c: exception_type() is EXCPT_TRAP only for #BP and #OF; #DB is EXCPT_DB (fault-like here). */
function isTrapClass(vector: number): boolean {
  return vector === BP_VECTOR || vector === OF_VECTOR
}

/** x86.c: x86_emulate_instruction() — the order of docs/reference/kvm-db-semantics.md §2.10 (PRE = POST except the patched callees). */
export function x86_emulate_instruction(vcpu: KvmVcpu, emulationType: number): number {
  if (!(emulationType & EMULTYPE_NO_DECODE)) {
    kvm_clear_exception_queue(vcpu)
    const bp = vcpu.fn.kvm_vcpu_check_code_breakpoint(vcpu, emulationType)
    if (bp !== undefined) return bp
  }
  const ctxt = init_emulate_ctxt(vcpu)
  const rip = kvm_get_linear_rip(vcpu)
  const decoded = vcpu.cpu.decodeAt(rip)
  if ('kind' in decoded) {
    ctxt.exception = { vector: decoded.vector, error_code_valid: decoded.errorCode !== undefined, error_code: decoded.errorCode ?? 0, payload: 0n, payload_valid: false }
    ctxt.have_exception = true
    vcpu.fn.inject_emulated_exception(vcpu, ctxt)
    return 1
  }
  if (decoded.unsupported || decoded.mnemonic === Mnemonic.Ud2) {
    if (emulationType & (EMULTYPE_TRAP_UD | EMULTYPE_TRAP_UD_FORCED)) {
      vcpu.fn.kvm_queue_exception(vcpu, UD_VECTOR)
      return 1
    }
    return vcpu.fn.handle_emulation_failure(vcpu, emulationType)
  }
  ctxt.insn = decoded
  const ops = emulate_ops(vcpu)
  const result = vcpu.fn.x86_emulate_insn(ctxt, ops, isGuestMode(vcpu) && !(emulationType & EMULTYPE_NO_DECODE))
  if (result === EMULATION_INTERCEPTED) return 1
  if (result === EMULATION_FAILED) return vcpu.fn.handle_emulation_failure(vcpu, emulationType)

  let r: number
  if (ctxt.have_exception) {
    r = vcpu.fn.inject_emulated_exception(vcpu, ctxt)
  } else {
    if (vcpu.trace.recording) vcpu.trace.emit({ kind: 'insn', rip: hex(rip), text: decoded.text, path: 'emulated', level: guestLevel(vcpu) })
    r = 1
    if (ctxt.pio) {
      vcpu.run.exit_reason = 'IO'
      vcpu.run.io = ctxt.pio
      vcpu.run.by = 'emulator_pio_in_out'
      r = 0
    } else if (ctxt.halted) {
      vcpu.run.exit_reason = 'HLT'
      vcpu.run.by = 'kvm_emulate_halt_noskip'
      r = 0
    }
  }
  toggle_interruptibility(vcpu, ctxt.interruptibility)
  if (!ctxt.have_exception || isTrapClass(ctxt.exception.vector)) {
    vcpu.cpu.setRip(ctxt.eip)
    if (r && (ctxt.tf || vcpu.guest_debug & KVM_GUESTDBG_SINGLESTEP)) r = emulatedSinglestep(vcpu)
    // RFLAGS is written AFTER the single-step #DB is queued (v2 6/9, which reordered this, was not merged).
    __kvm_set_rflags(vcpu, ctxt.eflags)
  }
  return r
}

/**
 * x86.c: handle_ud() — with kvm.force_emulation_prefix and the 5 FEP bytes at RIP: optionally clear
 * RF (KVM_FEP_CLEAR_RFLAGS_RF), skip the prefix and emulate with EMULTYPE_TRAP_UD_FORCED. In
 * PatchLab's `native` mode the prefix is skipped and the instruction re-executes on the CPU.
 */
export function handle_ud(vcpu: KvmVcpu): number {
  const rip = kvm_get_linear_rip(vcpu)
  const bytes = vcpu.cpu.readMemory(rip, KVM_FEP_BYTES.length)
  const isFep = vcpu.force_emulation_prefix & 1 && KVM_FEP_BYTES.every((b, i) => bytes[i] === b)
  if (!isFep) return vcpu.fn.x86_emulate_instruction(vcpu, EMULTYPE_TRAP_UD)
  if (vcpu.mode === 'native') {
    vcpu.cpu.setRip(vcpu.cpu.getRip() + BigInt(KVM_FEP_BYTES.length))
    if (vcpu.trace.recording) vcpu.trace.emit({ kind: 'note', text: `native mode: FEP prefix at ${hex(rip)} skipped, instruction runs on the CPU` })
    return 1
  }
  if (vcpu.force_emulation_prefix & 2) kvm_set_rflags(vcpu, kvm_get_rflags(vcpu) & ~X86_EFLAGS_RF)
  vcpu.cpu.setRip(vcpu.cpu.getRip() + BigInt(KVM_FEP_BYTES.length))
  vcpu.emulations++
  return vcpu.fn.x86_emulate_instruction(vcpu, EMULTYPE_TRAP_UD_FORCED)
}

/**
 * x86.c: kvm_skip_emulated_instruction() — `rflags` is the RAW value before the skip (includes KVM's
 * injected TF); a set TF raises the single-step #DB for the skipped instruction.
 */
export function kvm_skip_emulated_instruction(vcpu: KvmVcpu, length: number): number {
  const rflags = vcpu.cpu.getRflags()
  // vmx.c/svm.c: skip_emulated_instruction(): advance RIP, drop STI/MOV-SS blocking.
  vcpu.cpu.setRip(vcpu.cpu.getRip() + BigInt(length))
  vcpu.cpu.setInterruptShadow('none')
  if (rflags & X86_EFLAGS_TF) return emulatedSinglestep(vcpu)
  return 1
}
