import { DB_VECTOR, DR6_ACTIVE_LOW, DR6_BD, DR7_GD, DR_TRAP_BITS, GP_VECTOR, UD_VECTOR } from './constants'
import { emulate_exception, X86EMUL_CONTINUE, type EmulateCtxt } from './emulate-ctxt'
import type { EmulatorOps } from './emulator-ops'

// emulate.c: emulate_db() — PRE form: no payload.
function emulate_db(ctxt: EmulateCtxt): number {
  return emulate_exception(ctxt, DB_VECTOR, 0, false)
}

/** The DR operand of a MOV DR: ModRM.reg. */
export function modrmDr(ctxt: EmulateCtxt): number {
  return ctxt.insn?.movDr?.dr ?? 0
}

/**
 * emulate.c: check_dr_read() — PRE (kvm-x86 @ 042007c262e5): on GUEST DR7.GD, write DR6 at once
 * through set_dr(6) and raise a payload-less #DB.
 */
export function check_dr_read(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  const dr = modrmDr(ctxt)
  if (dr > 7) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_cr(4) & 0x8n && (dr === 4 || dr === 5)) return emulate_exception(ctxt, UD_VECTOR, 0, false)
  if (ops.get_dr(7) & DR7_GD) {
    let dr6 = ops.get_dr(6)
    dr6 &= ~DR_TRAP_BITS
    dr6 |= DR6_BD | DR6_ACTIVE_LOW
    ops.set_dr(6, dr6)
    return emulate_db(ctxt)
  }
  return X86EMUL_CONTINUE
}

/** emulate.c: check_dr_write() — PRE = POST: 64-bit values into DR6/DR7 #GP, then check_dr_read(). */
export function check_dr_write(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  const dr = modrmDr(ctxt)
  const gpr = ctxt.insn?.movDr?.gpr ?? 0
  if ((dr === 6 || dr === 7) && ops.get_gpr(gpr) >> 32n) return emulate_exception(ctxt, GP_VECTOR, 0, true)
  return ops.vcpu.fn.check_dr_read(ctxt, ops)
}
