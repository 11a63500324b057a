/**
 * SYSCALL and SWAPGS in 64-bit mode (SDM Vol. 2 "SYSCALL", "SWAPGS"; AMD APM Vol. 3). The model runs
 * only 64-bit code (CS.L = 1, EFER.LMA = 1), so the compatibility-mode forms do not arise.
 */
import { GP_VECTOR, RF, RFLAGS_FIXED, UD_VECTOR, EFER_SCE } from '../constants'
import { GuestFault } from '../fault'
import type { Insn } from '../insn'
import type { Machine } from '../machine'
import { SEG_CS, SEG_SS } from '../operand'

/**
 * SYSCALL: #UD unless EFER.SCE. RCX ← next RIP, R11 ← RFLAGS (RF cleared, as AMD's pseudocode
 * states; Intel's leaves it unsaid), RFLAGS &= ~FMASK, RIP ← LSTAR, CS ← STAR[47:32] & 0xfffc and
 * SS ← STAR[47:32] + 8 with the fixed flat 64-bit ring-0 descriptors the SDM lists (no GDT read),
 * CPL ← 0. A single-step trap follows only if TF is still set at the end (kvm-unit-tests
 * x86/syscall.c test_syscall_tf: "#DB is raised if TF is 1 at the *end* of syscall/sysret"): the
 * binder marks the instruction with `tfAtEnd`.
 */
export function syscall(m: Machine, i: Insn): void {
  if (!(m.efer & EFER_SCE)) throw new GuestFault(UD_VECTOR)
  const msrs = m.syscallMsrs
  const next = i.next
  m.lo[1] = next >>> 0
  m.hi[1] = Math.floor(next / 4294967296)
  m.lo[11] = m.rflags & ~RF
  m.hi[11] = 0
  m.rflags = ((m.rflags & ~Number(msrs.fmask & 0xffffffffn)) | RFLAGS_FIXED) >>> 0
  const selector = Number((msrs.star >> 32n) & 0xffffn)
  m.seg[SEG_CS] = selector & 0xfffc
  m.seg[SEG_SS] = (selector + 8) & 0xffff
  m.cpl = 0
  m.nextRip = Number(msrs.lstar)
}

/** SWAPGS: #GP(0) at CPL > 0 (it is 64-bit-mode only: #UD elsewhere); exchanges GS.base with IA32_KERNEL_GS_BASE. */
export function swapgs(m: Machine): void {
  if (m.cpl !== 0) throw new GuestFault(GP_VECTOR, 0)
  const msrs = m.syscallMsrs
  const gs = msrs.gsBase
  msrs.gsBase = msrs.kernelGsBase
  msrs.kernelGsBase = gs
}
