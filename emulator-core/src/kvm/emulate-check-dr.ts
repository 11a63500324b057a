import { DB_VECTOR, DR6_ACTIVE_LOW, DR6_BD, DR7_GD, DR_TRAP_BITS, GP_VECTOR, UD_VECTOR, X86_CR4_DE } from './constants'
import { emulate_exception, X86EMUL_CONTINUE, type EmulateCtxt } from './emulate-ctxt'
import type { EmulatorOps } from './emulator-ops'

/**
 * emulate.c: emulate_db() — PRE takes no DR6. v2 2/9 and v3-03 (dfc1c4687e9c) add the DR6 argument,
 * recorded in ctxt->exception.dr6 (`payload` here); Sean's review of v2 2/9 also flags it valid.
 */
export function emulate_db(ctxt: EmulateCtxt, dr6?: bigint, payloadValid = false): number {
  if (dr6 !== undefined) ctxt.exception.payload = dr6
  if (payloadValid) ctxt.exception.payload_valid = true
  return emulate_exception(ctxt, DB_VECTOR, 0, false)
}

/** The DR operand of a MOV DR: ModRM.reg. */
export function modrmDr(ctxt: EmulateCtxt): number {
  return ctxt.insn?.movDr?.dr ?? 0
}

/** The lines of check_dr_read() the series rewrites: where GD is read and how its #DB is raised. */
export interface CheckDrReadForm {
  /** The DR7 whose GD bit counts: the guest's ops->get_dr(7), or (v3-04) ops->get_effective_dr7(). */
  gdDr7(ops: EmulatorOps): bigint
  /** The GD #DB: PRE writes DR6 through set_dr(6) and raises a payload-less #DB; later forms pass DR6_BD. */
  gdDb(ctxt: EmulateCtxt, ops: EmulatorOps): number
}

/** PRE (kvm-x86 @ 042007c262e5): GD on the guest's DR7; DR6.BD written at once, #DB without payload. */
export const PRE_CHECK_DR_READ: CheckDrReadForm = {
  gdDr7: (ops) => ops.get_dr(7),
  gdDb: (ctxt, ops) => {
    let dr6 = ops.get_dr(6)
    dr6 &= ~DR_TRAP_BITS
    dr6 |= DR6_BD | DR6_ACTIVE_LOW
    ops.set_dr(6, dr6)
    return emulate_db(ctxt)
  },
}

/** emulate.c: check_dr_read() — #UD for DR8+ and (CR4.DE) DR4/DR5, then the GD #DB in the build's form. */
export function checkDrRead(ctxt: EmulateCtxt, ops: EmulatorOps, form: CheckDrReadForm): number {
  const dr = modrmDr(ctxt)
  if (dr > 7) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_cr(4) & X86_CR4_DE && (dr === 4 || dr === 5)) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (form.gdDr7(ops) & DR7_GD) return form.gdDb(ctxt, ops)
  return X86EMUL_CONTINUE
}

/** emulate.c: check_dr_read() — PRE form. */
export function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  return checkDrRead(ctxt, ops, PRE_CHECK_DR_READ)
}

/** emulate.c: check_dr_write() — PRE = POST: 64-bit values into DR6/DR7 #GP, then check_dr_read(). */
export function check_dr_write(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  const dr = modrmDr(ctxt)
  const gpr = ctxt.insn?.movDr?.gpr ?? 0
  if ((dr === 6 || dr === 7) && ops.get_gpr(gpr) >> 32n) return emulate_exception(ctxt, GP_VECTOR, 0, true)
  return ops.vcpu.fn.check_dr_read(ctxt, ops)
}
