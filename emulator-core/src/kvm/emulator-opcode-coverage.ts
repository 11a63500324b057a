/**
 * Instructions the CPU model runs whose entry in KVM's emulator opcode tables (emulate.c) cannot be
 * emulated, read at torvalds/linux arch/x86/kvm/emulate.c:
 * - SWAPGS (0F 01 F8) is group7_rm7[0] = N: x86_decode_insn() fails, so a forced emulation (FEP,
 *   EMULTYPE_TRAP_UD_FORCED) queues #UD and any other emulation is an emulation failure — as for UD2.
 * - RDTSCP (0F 01 F9) is group7_rm7[1] = DIP(SrcNone, rdtscp, check_rdtsc): it decodes and passes
 *   check_rdtsc(), but has no ->execute, so x86_emulate_insn() reaches cannot_emulate
 *   (EMULATION_FAILED → handle_emulation_failure()).
 * The others item 13.4 lists are emulated: INS/OUTS (em_in/em_out), LAHF/SAHF (em_lahf/em_sahf),
 * XLAT (em_mov with SrcXLat), BSWAP (em_bswap), BT/BTS/BTR/BTC with BitOp (fetch_bit_operand()),
 * SHLD/SHRD (em_shld/em_shrd), RDTSC (em_rdtsc), SYSCALL (em_syscall), 0x67 string forms.
 */
import { Mnemonic } from 'iced-x86'
import type { DecodedInsn } from '../cpu/seam'
import { GP_VECTOR } from './constants'
import { emulate_exception, X86EMUL_CONTINUE, type EmulateCtxt } from './emulate-ctxt'
import type { EmulatorOps } from './emulator-ops'

const CR4_TSD = 0x4n

/** x86_decode_insn() finds no opcode-table entry (`N`). */
export function notInOpcodeTable(insn: DecodedInsn): boolean {
  return insn.mnemonic === Mnemonic.Ud2 || insn.mnemonic === Mnemonic.Swapgs
}

/** The entry decodes but has no ->execute (a D()/DIP() entry kept for its intercept and check_perm). */
export function hasNoExecute(insn: DecodedInsn): boolean {
  return insn.mnemonic === Mnemonic.Rdtscp
}

// emulate.c: check_rdtsc() — CR4.TSD at CPL > 0 is #GP(0).
export function check_rdtsc(ctxt: EmulateCtxt, ops: EmulatorOps): number {
  if (ops.get_cr(4) & CR4_TSD && ops.cpl() > 0) return emulate_exception(ctxt, GP_VECTOR, 0, true)
  return X86EMUL_CONTINUE
}
